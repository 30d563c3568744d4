import { realpathSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  detectProviders,
  memoryRootFor,
  nodeFsProbe,
  PROVIDER_DISPLAY_NAMES,
  type FsProbe,
} from '../../../src-main/engine/providers/detect';
import type { Os } from '../../../src-shared/contract';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

interface Layout {
  /** Directories (their parents exist implicitly). */
  dirs?: string[];
  /** Files and their text. */
  files?: Record<string, string>;
  /** Symlinks: link path → target path. */
  links?: Record<string, string>;
}

/**
 * An in-memory filesystem for one OS's path flavour. Windows and macOS compare case-insensitively
 * like their default filesystems; Linux compares exactly.
 */
function fakeFs(os: Os, layout: Layout): FsProbe {
  const p = os === 'win32' ? path.win32 : path.posix;
  const key = (x: string) => {
    const n = p.normalize(x).replace(os === 'win32' ? /[\\/]+$/ : /\/+$/, '');
    return os === 'linux' ? n : n.toLowerCase();
  };
  const dirs = new Map<string, string>(); // key → spelled path
  const files = new Map<string, string>(); // key → text
  const links = new Map<string, string>(); // key → target
  const addDir = (d: string) => {
    for (let cur = p.normalize(d); ; cur = p.dirname(cur)) {
      dirs.set(key(cur), cur);
      if (p.dirname(cur) === cur) break;
    }
  };
  for (const d of layout.dirs ?? []) addDir(d);
  for (const [f, text] of Object.entries(layout.files ?? {})) {
    files.set(key(f), text);
    addDir(p.dirname(f));
  }
  for (const [link, target] of Object.entries(layout.links ?? {})) {
    links.set(key(link), target);
    addDir(p.dirname(link));
  }
  const resolve = (x: string) => links.get(key(x)) ?? x;
  const children = (x: string) => {
    const parent = key(x);
    const names = new Set<string>();
    const all = [...dirs.values(), ...Object.keys(layout.files ?? {}), ...Object.keys(layout.links ?? {})];
    for (const spelled of all) {
      const n = p.normalize(spelled);
      if (p.dirname(n) !== n && key(p.dirname(n)) === parent) names.add(p.basename(n));
    }
    return [...names].sort();
  };
  return {
    isDir: (x) => dirs.has(key(resolve(x))),
    isFile: (x) => files.has(key(resolve(x))),
    readText: (x) => files.get(key(resolve(x))),
    listDir: (x) => (dirs.has(key(resolve(x))) ? children(resolve(x)) : []),
    realPath: (x) => {
      const r = resolve(x);
      return dirs.has(key(r)) || files.has(key(r)) ? r : undefined;
    },
  };
}

type Row = [name: string, syncRoot: string, detail: string | null];

function detect(os: Os, home: string, layout: Layout, env: Record<string, string> = {}): Row[] {
  return detectProviders({ os, home, env, fs: fakeFs(os, layout) }).map((f) => [f.name, f.syncRoot, f.detail]);
}

const MAC = '/Users/ana';
const CS = `${MAC}/Library/CloudStorage`;
const WIN = 'C:\\Users\\ana';
const LIN = '/home/ana';

describe('detectProviders on macOS', () => {
  it.each<{ name: string; layout: Layout; expected: Row[] }>([
    { name: 'nothing installed', layout: { dirs: [`${MAC}/Documents`] }, expected: [] },
    { name: 'classic OneDrive folder', layout: { dirs: [`${MAC}/OneDrive`] }, expected: [['onedrive', `${MAC}/OneDrive`, null]] },
    {
      name: 'File Provider OneDrive: personal first, every business account, no SharePoint libraries',
      layout: {
        dirs: [
          `${CS}/OneDrive-Contoso`,
          `${CS}/OneDrive - Fabrikam`,
          `${CS}/OneDrive-Personal`,
          `${CS}/OneDrive-SharedLibraries-Contoso`,
        ],
      },
      expected: [
        ['onedrive', `${CS}/OneDrive-Personal`, 'personal'],
        ['onedrive', `${CS}/OneDrive - Fabrikam`, 'business: Fabrikam'],
        ['onedrive', `${CS}/OneDrive-Contoso`, 'business: Contoso'],
      ],
    },
    {
      name: 'classic client business folder in the home folder',
      layout: { dirs: [`${MAC}/OneDrive`, `${MAC}/OneDrive - Contoso`, `${MAC}/OneDriveNotes.txt.d`] },
      expected: [
        ['onedrive', `${MAC}/OneDrive`, null],
        ['onedrive', `${MAC}/OneDrive - Contoso`, 'business: Contoso'],
      ],
    },
    {
      name: 'a file named like a OneDrive folder is not a folder',
      layout: { files: { [`${CS}/OneDrive-Personal`]: '' } },
      expected: [],
    },
    {
      name: 'iCloud Drive (an empty folder still counts)',
      layout: { dirs: [`${MAC}/Library/Mobile Documents/com~apple~CloudDocs`] },
      expected: [['icloud', `${MAC}/Library/Mobile Documents/com~apple~CloudDocs`, null]],
    },
    {
      name: 'Google Drive: every account sorted, My Drive preferred, then the legacy folders',
      layout: {
        dirs: [
          `${CS}/GoogleDrive-zoe@example.com/My Drive`,
          `${CS}/GoogleDrive-zoe@example.com/Shared drives`,
          `${CS}/GoogleDrive-ana@example.com`,
          '/Volumes/GoogleDrive/My Drive',
          `${MAC}/Google Drive`,
        ],
      },
      expected: [
        ['gdrive', `${CS}/GoogleDrive-ana@example.com`, 'ana@example.com'],
        ['gdrive', `${CS}/GoogleDrive-zoe@example.com/My Drive`, 'zoe@example.com'],
        ['gdrive', '/Volumes/GoogleDrive/My Drive', null],
        ['gdrive', `${MAC}/Google Drive`, null],
      ],
    },
    {
      name: 'Dropbox info.json: personal and business, no ~/Dropbox fallback when it answers',
      layout: {
        dirs: [`${MAC}/Dropbox`, `${MAC}/Work/Dropbox (Contoso)`, `${MAC}/Dropbox-old`],
        files: {
          [`${MAC}/.dropbox/info.json`]: JSON.stringify({
            business: { path: `${MAC}/Work/Dropbox (Contoso)`, host: 1, is_team: true },
            personal: { path: `${MAC}/Dropbox`, host: 2, is_team: false, subscription_type: 'Basic' },
          }),
        },
      },
      expected: [
        ['dropbox', `${MAC}/Dropbox`, 'personal'],
        ['dropbox', `${MAC}/Work/Dropbox (Contoso)`, 'business'],
      ],
    },
    {
      name: 'Dropbox info.json naming a folder elsewhere replaces the default ~/Dropbox',
      layout: {
        dirs: [`${MAC}/Dropbox`, '/Volumes/Data/Dropbox'],
        files: { [`${MAC}/.dropbox/info.json`]: '{"personal": {"path": "/Volumes/Data/Dropbox"}}' },
      },
      expected: [['dropbox', '/Volumes/Data/Dropbox', 'personal']],
    },
    {
      name: 'Dropbox File Provider folders, with ~/Dropbox (a link to one of them) listed once',
      layout: {
        dirs: [`${CS}/Dropbox`, `${CS}/Dropbox-Contoso`],
        links: { [`${MAC}/Dropbox`]: `${CS}/Dropbox` },
      },
      expected: [
        ['dropbox', `${CS}/Dropbox`, null],
        ['dropbox', `${CS}/Dropbox-Contoso`, 'business: Contoso'],
      ],
    },
    {
      name: 'malformed info.json is ignored and ~/Dropbox is the fallback',
      layout: { dirs: [`${MAC}/Dropbox`], files: { [`${MAC}/.dropbox/info.json`]: '{"personal": {"path": ' } },
      expected: [['dropbox', `${MAC}/Dropbox`, null]],
    },
    {
      name: 'info.json with wrong shapes or missing folders is ignored',
      layout: {
        dirs: [`${MAC}/Dropbox`],
        files: {
          [`${MAC}/.dropbox/info.json`]: JSON.stringify({
            personal: { path: `${MAC}/Gone` },
            business: { path: 42 },
          }),
        },
      },
      expected: [['dropbox', `${MAC}/Dropbox`, null]],
    },
    {
      name: 'info.json that is a JSON array is ignored',
      layout: { dirs: [`${MAC}/Dropbox`], files: { [`${MAC}/.dropbox/info.json`]: `[{"path": "${MAC}/Dropbox"}]` } },
      expected: [['dropbox', `${MAC}/Dropbox`, null]],
    },
    {
      name: 'info.json with a relative path is ignored (it would resolve against the working directory)',
      layout: {
        dirs: [`${MAC}/Dropbox`, 'Dropbox-elsewhere'],
        files: { [`${MAC}/.dropbox/info.json`]: '{"personal": {"path": "Dropbox-elsewhere"}}' },
      },
      expected: [['dropbox', `${MAC}/Dropbox`, null]],
    },
    {
      name: 'several providers come back in the documented priority order',
      layout: {
        dirs: [
          `${MAC}/Library/Mobile Documents/com~apple~CloudDocs`,
          `${CS}/GoogleDrive-ana@example.com/My Drive`,
          `${MAC}/Dropbox`,
          `${CS}/OneDrive-Personal`,
        ],
      },
      expected: [
        ['onedrive', `${CS}/OneDrive-Personal`, 'personal'],
        ['dropbox', `${MAC}/Dropbox`, null],
        ['gdrive', `${CS}/GoogleDrive-ana@example.com/My Drive`, 'ana@example.com'],
        ['icloud', `${MAC}/Library/Mobile Documents/com~apple~CloudDocs`, null],
      ],
    },
  ])('$name', ({ layout, expected }) => {
    expect(detect('darwin', MAC, layout)).toEqual(expected);
  });

  it('gives each result its display name and memory root (iCloud without the dot)', () => {
    const found = detectProviders({
      os: 'darwin',
      home: MAC,
      env: {},
      fs: fakeFs('darwin', { dirs: [`${MAC}/OneDrive`, `${MAC}/Library/Mobile Documents/com~apple~CloudDocs`] }),
    });
    expect(found).toEqual([
      {
        name: 'onedrive',
        displayName: 'OneDrive',
        syncRoot: `${MAC}/OneDrive`,
        memoryRoot: `${MAC}/OneDrive/.claude-memory`,
        detail: null,
      },
      {
        name: 'icloud',
        displayName: 'iCloud Drive',
        syncRoot: `${MAC}/Library/Mobile Documents/com~apple~CloudDocs`,
        memoryRoot: `${MAC}/Library/Mobile Documents/com~apple~CloudDocs/claude-memory`,
        detail: null,
      },
    ]);
  });
});

describe('detectProviders on Windows', () => {
  it.each<{ name: string; home?: string; layout: Layout; env?: Record<string, string>; expected: Row[] }>([
    { name: 'nothing installed', layout: { dirs: [`${WIN}\\Documents`] }, expected: [] },
    {
      name: 'OneDrive env vars: personal and business, each folder once although every variable and the profile scan find it',
      layout: { dirs: [`${WIN}\\OneDrive`, `${WIN}\\OneDrive - Contoso`] },
      env: {
        OneDrive: `${WIN}\\OneDrive`,
        OneDriveConsumer: `${WIN}\\OneDrive`,
        OneDriveCommercial: `${WIN}\\OneDrive - Contoso`,
      },
      expected: [
        ['onedrive', `${WIN}\\OneDrive`, 'personal'],
        ['onedrive', `${WIN}\\OneDrive - Contoso`, 'business: Contoso'],
      ],
    },
    {
      name: 'OneDriveCommercial in a custom place is a business account',
      layout: { dirs: ['D:\\Sync\\Work'] },
      env: { OneDriveCommercial: 'D:\\Sync\\Work' },
      expected: [['onedrive', 'D:\\Sync\\Work', 'business']],
    },
    {
      name: 'ONEDRIVE (upper case) and a differently cased, slash-terminated value match the folder once',
      layout: { dirs: [`${WIN}\\OneDrive`] },
      env: { ONEDRIVE: 'c:\\users\\ana\\onedrive\\' },
      expected: [['onedrive', 'c:\\users\\ana\\onedrive', null]],
    },
    {
      name: 'env vars pointing at folders that do not exist (or relative paths) count for nothing',
      // The relative one would hit this folder if it were resolved against the working directory.
      layout: { dirs: ['D:\\Elsewhere', 'OneDrive - Contoso'] },
      env: { OneDrive: 'D:\\Gone\\OneDrive', OneDriveCommercial: 'OneDrive - Contoso', GDRIVE_ROOT: 'X:\\Nope' },
      expected: [],
    },
    {
      name: 'profile scan finds OneDrive and every OneDrive - <Org> folder',
      layout: { dirs: [`${WIN}\\OneDrive - Fabrikam`, `${WIN}\\OneDrive - Contoso`, `${WIN}\\OneDrive`] },
      expected: [
        ['onedrive', `${WIN}\\OneDrive`, null],
        ['onedrive', `${WIN}\\OneDrive - Contoso`, 'business: Contoso'],
        ['onedrive', `${WIN}\\OneDrive - Fabrikam`, 'business: Fabrikam'],
      ],
    },
    {
      name: 'the predecessor\'s C:\\Users\\<USERNAME> guess still applies on a redirected profile',
      home: 'D:\\Home\\ana',
      layout: { dirs: ['C:\\Users\\ana\\OneDrive', 'C:\\Users\\ana\\iCloudDrive', 'D:\\Home\\ana'] },
      env: { USERNAME: 'ana' },
      expected: [
        ['onedrive', 'C:\\Users\\ana\\OneDrive', null],
        ['icloud', 'C:\\Users\\ana\\iCloudDrive', null],
      ],
    },
    {
      name: 'iCloudDrive under %USERPROFILE% when it differs from home',
      layout: { dirs: ['E:\\Profiles\\ana\\iCloudDrive'] },
      env: { USERPROFILE: 'E:\\Profiles\\ana' },
      expected: [['icloud', 'E:\\Profiles\\ana\\iCloudDrive', null]],
    },
    {
      name: 'Google Drive: GDRIVE_ROOT (quotes stripped), profile folders, G:\\My Drive',
      layout: { dirs: ['D:\\GD', `${WIN}\\Google Drive`, `${WIN}\\My Drive`, 'G:\\My Drive'] },
      env: { GDRIVE_ROOT: '"D:\\GD"' },
      expected: [
        ['gdrive', 'D:\\GD', null],
        ['gdrive', `${WIN}\\Google Drive`, null],
        ['gdrive', `${WIN}\\My Drive`, null],
        ['gdrive', 'G:\\My Drive', null],
      ],
    },
    {
      name: 'a G: drive without My Drive is not Google Drive',
      layout: { dirs: ['G:\\Photos', 'G:\\'] },
      expected: [],
    },
    {
      name: 'Dropbox info.json under APPDATA (personal and business)',
      layout: {
        dirs: ['D:\\Dropbox', 'D:\\Dropbox (Contoso)', `${WIN}\\Dropbox`],
        files: {
          'C:\\Roaming\\Dropbox\\info.json': JSON.stringify({
            personal: { path: 'D:\\Dropbox' },
            business: { path: 'D:\\Dropbox (Contoso)' },
          }),
        },
      },
      env: { APPDATA: 'C:\\Roaming', LOCALAPPDATA: 'C:\\Local' },
      expected: [
        ['dropbox', 'D:\\Dropbox', 'personal'],
        ['dropbox', 'D:\\Dropbox (Contoso)', 'business'],
      ],
    },
    {
      name: 'Dropbox info.json under LOCALAPPDATA when APPDATA has none',
      layout: {
        dirs: ['D:\\Box\\Dropbox'],
        files: { 'C:\\Local\\Dropbox\\info.json': '{"personal":{"path":"D:\\\\Box\\\\Dropbox"}}' },
      },
      env: { APPDATA: 'C:\\Roaming', LOCALAPPDATA: 'C:\\Local' },
      expected: [['dropbox', 'D:\\Box\\Dropbox', 'personal']],
    },
    {
      name: 'without APPDATA the profile\'s default AppData\\Roaming is read',
      layout: {
        dirs: [`${WIN}\\Dropbox`, 'D:\\DB'],
        files: { [`${WIN}\\AppData\\Roaming\\Dropbox\\info.json`]: '{"personal":{"path":"D:\\\\DB"}}' },
      },
      expected: [['dropbox', 'D:\\DB', 'personal']],
    },
    {
      name: 'malformed info.json falls back to the profile\'s Dropbox folder',
      layout: { dirs: [`${WIN}\\Dropbox`], files: { 'C:\\Roaming\\Dropbox\\info.json': 'not json' } },
      env: { APPDATA: 'C:\\Roaming' },
      expected: [['dropbox', `${WIN}\\Dropbox`, null]],
    },
  ])('$name', ({ home, layout, env, expected }) => {
    expect(detect('win32', home ?? WIN, layout, env)).toEqual(expected);
  });

  it('computes Windows memory roots with backslashes even when run on Linux', () => {
    const [found] = detectProviders({
      os: 'win32',
      home: WIN,
      env: {},
      fs: fakeFs('win32', { dirs: [`${WIN}\\iCloudDrive`] }),
    });
    expect(found?.memoryRoot).toBe(`${WIN}\\iCloudDrive\\claude-memory`);
  });
});

describe('detectProviders on Linux', () => {
  it.each<{ name: string; layout: Layout; expected: Row[] }>([
    { name: 'nothing mounted', layout: { dirs: [`${LIN}/Documents`] }, expected: [] },
    {
      name: 'OneDrive at both usual mount points (distinct folders on a case-sensitive filesystem)',
      layout: { dirs: [`${LIN}/onedrive`, `${LIN}/OneDrive`] },
      expected: [
        ['onedrive', `${LIN}/OneDrive`, null],
        ['onedrive', `${LIN}/onedrive`, null],
      ],
    },
    {
      name: 'every Google Drive mount name, in documented order',
      layout: { dirs: [`${LIN}/Google Drive`, `${LIN}/gdrive`, `${LIN}/google-drive`, `${LIN}/GoogleDrive`] },
      expected: [
        ['gdrive', `${LIN}/GoogleDrive`, null],
        ['gdrive', `${LIN}/google-drive`, null],
        ['gdrive', `${LIN}/gdrive`, null],
        ['gdrive', `${LIN}/Google Drive`, null],
      ],
    },
    {
      name: 'iCloud is never detected (no client), even with a look-alike folder',
      layout: { dirs: [`${LIN}/iCloudDrive`, `${LIN}/Library/Mobile Documents/com~apple~CloudDocs`] },
      expected: [],
    },
    {
      name: 'Dropbox from ~/.dropbox/info.json',
      layout: {
        dirs: ['/data/Dropbox'],
        files: { [`${LIN}/.dropbox/info.json`]: '{"personal": {"path": "/data/Dropbox", "host": 1}}' },
      },
      expected: [['dropbox', '/data/Dropbox', 'personal']],
    },
    {
      name: 'Windows-only sources (GDRIVE_ROOT, G:) are not consulted',
      layout: { dirs: ['/gd'] },
      expected: [],
    },
  ])('$name', ({ layout, expected }) => {
    expect(detect('linux', LIN, layout, { GDRIVE_ROOT: '/gd', OneDrive: '/gd' })).toEqual(expected);
  });

  it('lists a folder reached by two providers once, under the higher-priority provider', () => {
    // A person pointed rclone's OneDrive mount and Dropbox's info.json at one folder.
    const rows = detect('linux', LIN, {
      dirs: [`${LIN}/OneDrive`],
      files: { [`${LIN}/.dropbox/info.json`]: JSON.stringify({ personal: { path: `${LIN}/OneDrive/` } }) },
    });
    expect(rows).toEqual([['onedrive', `${LIN}/OneDrive`, null]]);
  });
});

describe('detectProviders is deterministic', () => {
  it('sorts directory listings even when a probe returns them in disk order', () => {
    const inner = fakeFs('darwin', {
      dirs: [`${CS}/GoogleDrive-b@example.com`, `${CS}/GoogleDrive-a@example.com`, `${CS}/GoogleDrive-c@example.com`],
    });
    const unsorted: FsProbe = { ...inner, listDir: (x) => [...inner.listDir(x)].reverse() };
    expect(detectProviders({ os: 'darwin', home: MAC, env: {}, fs: unsorted }).map((f) => f.detail)).toEqual([
      'a@example.com',
      'b@example.com',
      'c@example.com',
    ]);
  });
});

describe('detectProviders never throws', () => {
  it('treats a probe that throws as "not there" and still reports what it can see', () => {
    const inner = fakeFs('darwin', { dirs: [`${MAC}/OneDrive`, `${MAC}/Dropbox`] });
    const exploding: FsProbe = {
      isDir: (x) => {
        if (x.includes('OneDrive')) throw new Error('EACCES');
        return inner.isDir(x);
      },
      isFile: () => {
        throw new Error('EIO');
      },
      readText: () => {
        throw new Error('EIO');
      },
      listDir: () => {
        throw new Error('EIO');
      },
    };
    expect(detectProviders({ os: 'darwin', home: MAC, env: {}, fs: exploding }).map((f) => f.syncRoot)).toEqual([
      `${MAC}/Dropbox`,
    ]);
  });
});

describe('memoryRootFor', () => {
  it.each<[Parameters<typeof memoryRootFor>[0], string, Os, string]>([
    ['icloud', `${MAC}/Library/Mobile Documents/com~apple~CloudDocs`, 'darwin', `${MAC}/Library/Mobile Documents/com~apple~CloudDocs/claude-memory`],
    ['icloud', 'C:\\Users\\ana\\iCloudDrive', 'win32', 'C:\\Users\\ana\\iCloudDrive\\claude-memory'],
    ['onedrive', 'C:\\Users\\ana\\OneDrive', 'win32', 'C:\\Users\\ana\\OneDrive\\.claude-memory'],
    ['gdrive', '/home/ana/gdrive', 'linux', '/home/ana/gdrive/.claude-memory'],
    ['dropbox', '/Users/ana/Dropbox', 'darwin', '/Users/ana/Dropbox/.claude-memory'],
    ['custom', '/srv/sync', 'linux', '/srv/sync/.claude-memory'],
  ])('%s in %s (%s) → %s', (name, root, os, expected) => {
    expect(memoryRootFor(name, root, os)).toBe(expected);
  });

  it('names every provider for people', () => {
    expect(PROVIDER_DISPLAY_NAMES).toEqual({
      onedrive: 'OneDrive',
      icloud: 'iCloud Drive',
      gdrive: 'Google Drive',
      dropbox: 'Dropbox',
      custom: 'Custom folder',
    });
  });
});

describe('nodeFsProbe', () => {
  let home: TempHome;
  beforeEach(async () => {
    home = await makeTempHome();
  });
  afterEach(() => home.cleanup());

  it('answers from the real filesystem and never throws', async () => {
    const h = home.home;
    // Created out of order: the listing must come back sorted whatever order the disk keeps.
    const extra = ['z9', 'm5', 'q7', 'e2', 'x8', 'g3'];
    for (const name of extra) await mkdir(path.join(h, name));
    await mkdir(path.join(h, 'b-dir'), { recursive: true });
    await mkdir(path.join(h, 'a-dir'), { recursive: true });
    await writeFile(path.join(h, 'c-file.txt'), 'hello');
    const fs = nodeFsProbe();
    expect(fs.isDir(path.join(h, 'a-dir'))).toBe(true);
    expect(fs.isDir(path.join(h, 'c-file.txt'))).toBe(false);
    expect(fs.isFile(path.join(h, 'c-file.txt'))).toBe(true);
    expect(fs.isFile(path.join(h, 'a-dir'))).toBe(false);
    expect(fs.readText(path.join(h, 'c-file.txt'))).toBe('hello');
    expect(fs.readText(path.join(h, 'a-dir'))).toBeUndefined();
    expect(fs.listDir(h)).toEqual(['a-dir', 'b-dir', 'c-file.txt', 'e2', 'g3', 'm5', 'q7', 'x8', 'z9']);
    const missing = path.join(h, 'missing', 'deeper');
    expect(fs.isDir(missing)).toBe(false);
    expect(fs.isFile(missing)).toBe(false);
    expect(fs.readText(missing)).toBeUndefined();
    expect(fs.listDir(missing)).toEqual([]);
    expect(fs.listDir(path.join(h, 'c-file.txt'))).toEqual([]);
    expect(fs.realPath?.(missing)).toBeUndefined();
  });

  it.skipIf(process.platform === 'win32')('drives real detection, following and de-duplicating symlinks', async () => {
    const h = home.home;
    await mkdir(path.join(h, 'OneDrive'));
    await mkdir(path.join(h, 'Sync', 'Dropbox'), { recursive: true });
    await mkdir(path.join(h, '.dropbox'));
    const info = JSON.stringify({ personal: { path: path.join(h, 'Sync', 'Dropbox') } });
    await writeFile(path.join(h, '.dropbox', 'info.json'), info);
    // ~/GoogleDrive is a link to ~/gdrive: one folder under two names, listed once.
    await mkdir(path.join(h, 'gdrive'));
    await symlink(path.join(h, 'gdrive'), path.join(h, 'GoogleDrive'));
    const found = detectProviders({ os: 'linux', home: h, env: {}, fs: nodeFsProbe() });
    expect(found.map((f) => [f.name, f.syncRoot, f.detail])).toEqual([
      ['onedrive', path.join(h, 'OneDrive'), null],
      ['dropbox', path.join(h, 'Sync', 'Dropbox'), 'personal'],
      ['gdrive', path.join(h, 'GoogleDrive'), null],
    ]);
    expect(nodeFsProbe().realPath?.(path.join(h, 'GoogleDrive'))).toBe(path.join(realpathSync(h), 'gdrive'));
  });
});
