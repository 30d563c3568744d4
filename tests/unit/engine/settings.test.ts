import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import type ElectronStore from 'electron-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-shared/contract/errors';
import type { Settings, SettingsPatch } from '../../../src-shared/contract/settings';
import {
  migrateSettingsData,
  openSettingsStore,
  type OpenSettingsStoreOptions,
  type SettingsStore,
} from '../../../src-main/engine/settings';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

// Compile-time proof that the tray app can pass electron-store's class as ConfClass.
const _electronStoreFits: (c: typeof ElectronStore) => OpenSettingsStoreOptions['ConfClass'] = (c) => c;

let home: TempHome;
let dir: string;
let file: string;
const opened: SettingsStore[] = [];
/** Every file moved aside in one test is stamped with the same second. */
const frozenClock = { now: () => new Date(2026, 0, 2, 3, 4, 5) };

function open(extra: Partial<OpenSettingsStoreOptions> = {}): SettingsStore {
  const store = openSettingsStore({ userDataDir: dir, projectVersion: '1.2.3', clock: frozenClock, ...extra });
  opened.push(store);
  return store;
}
const onDisk = (): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

beforeEach(async () => {
  home = await makeTempHome();
  dir = path.join(home.home, 'user-data');
  file = path.join(dir, 'settings.json');
});
afterEach(async () => {
  for (const store of opened.splice(0)) store.close();
  await home.cleanup();
});

const DEFAULTS: Settings = {
  provider: null,
  syncRoot: null,
  targets: {},
  drift: { foreignEdits: 'restore' },
  backups: { keepDays: 30 },
  llm: { model: '', maxTokens: 16384 },
  capture: {
    port: 5001,
    lanHost: null,
    tokenOptionalOnLoopback: false,
    hostNames: [],
    allowedOrigins: [],
    maxBodyBytes: 65536,
    ratePerMinute: 120,
  },
  refresh: {
    mode: 'patch',
    autoApprove: false,
    constraintHeadings: [],
    schedule: '55 23 * * *',
    timeoutSeconds: 120,
    maxAttempts: 4,
  },
  notifications: { proposals: true, failures: true },
  shortcuts: { quickNote: 'CommandOrControl+Shift+M' },
  updates: { enabled: true, channel: 'stable' },
  importedFrom: null,
};

describe('openSettingsStore', () => {
  it('gives defaults for a missing file, with no problems', () => {
    const store = open();
    expect(store.path).toBe(file);
    expect(store.get()).toEqual(DEFAULTS);
    expect(store.problems).toEqual([]);
  });

  it('persists an update across re-opening and returns the new settings', () => {
    const store = open();
    const patch: SettingsPatch = { provider: 'onedrive', syncRoot: '/sync', backups: { keepDays: 7 } };
    const updated = store.update(patch);
    expect(updated).toEqual({ ...DEFAULTS, ...patch });
    store.close();
    expect(open().get()).toEqual(updated);
    expect(onDisk()).toMatchObject({ provider: 'onedrive', schemaVersion: 1 });
  });

  it('merges targets per id and replaces each given target whole', () => {
    const store = open();
    store.update({ targets: { claude: { enabled: true, mode: 'copy' } } });
    store.update({ targets: { codex: { enabled: false } } });
    expect(store.get().targets).toEqual({ claude: { enabled: true, mode: 'copy' }, codex: { enabled: false } });
    // An absent field means "the registry's default", so a given target is not merged field by field.
    store.update({ targets: { claude: { budget: null } } });
    expect(store.get().targets).toEqual({ claude: { budget: null }, codex: { enabled: false } });
  });

  it('keeps keys it does not know on disk, at the top level and inside a replaced section', () => {
    open().close(); // creates the folder
    writeFileSync(file, JSON.stringify({ fromNewerBuild: { x: 1 }, llm: { model: 'm', maxTokens: 5, temperature: 0.2 } }));
    const store = open();
    expect(store.get()).toEqual({ ...DEFAULTS, llm: { model: 'm', maxTokens: 5 } });
    store.update({ llm: { model: 'n', maxTokens: 6 } });
    expect(onDisk()).toMatchObject({ fromNewerBuild: { x: 1 }, llm: { model: 'n', maxTokens: 6, temperature: 0.2 } });
  });

  it('refuses an invalid patch with a readable invalid_input error and writes nothing', () => {
    const store = open();
    store.update({ provider: 'icloud' });
    const before = readFileSync(file, 'utf8');
    const bad = { backups: { keepDays: -1 }, provider: 'floppy' } as unknown as SettingsPatch;
    let caught: unknown;
    try {
      store.update(bad);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).code).toBe('invalid_input');
    expect((caught as ApiError).message).toMatch(/backups\.keepDays: Too small: expected number to be >=0/);
    expect((caught as ApiError).message).toMatch(/provider: Invalid option: expected one of/);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(store.get().provider).toBe('icloud');
  });

  it('keeps the quick-note shortcut and the updates choice, refusing a shortcut no OS can register', () => {
    const store = open();
    expect(store.update({ shortcuts: { quickNote: 'Alt+Shift+N' }, updates: { enabled: false, channel: 'beta' } })).toMatchObject({
      shortcuts: { quickNote: 'Alt+Shift+N' },
      updates: { enabled: false, channel: 'beta' },
    });
    expect(store.update({ shortcuts: { quickNote: '' } }).shortcuts.quickNote).toBe('');
    expect(() => store.update({ shortcuts: { quickNote: 'N' } })).toThrow(/shortcuts\.quickNote: a global shortcut needs Command, Control, Alt or Super/);
    expect(() => store.update({ updates: { enabled: true, channel: 'nightly' } } as unknown as SettingsPatch)).toThrow(/updates\.channel/);
    expect(onDisk()).toMatchObject({ shortcuts: { quickNote: '' }, updates: { enabled: false, channel: 'beta' } });
  });

  it('moves a corrupt file (not JSON, not an object) aside, never overwriting an earlier one, and starts from defaults', () => {
    open().close();
    writeFileSync(file, '{ "provider": "onedrive", oops');
    const first = open();
    const aside1 = path.join(dir, 'settings.invalid-20260102_030405.json');
    expect(first.get()).toEqual(DEFAULTS);
    expect(readFileSync(aside1, 'utf8')).toBe('{ "provider": "onedrive", oops');
    expect(first.problems).toHaveLength(1);
    expect(first.problems[0]).toContain(file);
    expect(first.problems[0]).toContain(aside1);
    expect(first.problems[0]).toMatch(/not valid JSON/);
    first.close();

    // Same second (frozen clock): the second file gets its own name.
    writeFileSync(file, '[1, 2]');
    const second = open();
    const aside2 = path.join(dir, 'settings.invalid-20260102_030405-2.json');
    expect(second.get()).toEqual(DEFAULTS);
    expect(readFileSync(aside1, 'utf8')).toBe('{ "provider": "onedrive", oops');
    expect(readFileSync(aside2, 'utf8')).toBe('[1, 2]');
    expect(second.problems[0]).toContain(aside2);
    expect(onDisk()).toEqual({}); // the fresh file holds nothing but defaults to come
  });

  it('one bad value resets that value only: provider, folder and agents are kept', () => {
    open().close();
    const edited = {
      schemaVersion: 1,
      provider: 'custom',
      syncRoot: '/home/ana/Sync',
      targets: { codex: { enabled: true }, gemini: { enabled: true, mode: 'sideways' } },
      backups: { keepDays: 'forever' },
      llm: { model: 'claude-sonnet-4-5', maxTokens: 8000 },
    };
    writeFileSync(file, JSON.stringify(edited));
    const store = open();
    expect(store.get()).toEqual({
      ...DEFAULTS,
      provider: 'custom',
      syncRoot: '/home/ana/Sync',
      targets: { codex: { enabled: true }, gemini: { enabled: true } },
      llm: { model: 'claude-sonnet-4-5', maxTokens: 8000 },
    });
    expect(store.problems).toHaveLength(1);
    expect(store.problems[0]).toMatch(/backups\.keepDays \(Invalid input: expected number, received string\)/);
    expect(store.problems[0]).toMatch(/targets\.gemini\.mode/);
    expect(store.problems[0]).toContain('every other setting is kept');
    // The file as the person left it is kept beside it; the file itself no longer holds the bad values.
    const aside = path.join(dir, 'settings.invalid-20260102_030405.json');
    expect(JSON.parse(readFileSync(aside, 'utf8'))).toEqual(edited);
    expect(onDisk()).toMatchObject({ provider: 'custom', syncRoot: '/home/ana/Sync', backups: {}, llm: { maxTokens: 8000 } });
    store.close();
    expect(open().problems).toEqual([]);
  });

  it('a bad value edited in while running is reported, and the next change drops it, keeping the rest', () => {
    const store = open();
    store.update({ provider: 'gdrive' });
    writeFileSync(file, JSON.stringify({ ...onDisk(), llm: { model: '', maxTokens: -5 } }));
    expect(store.get()).toMatchObject({ provider: 'gdrive', llm: { maxTokens: 16384 } });
    expect(store.problems.join(' ')).toMatch(/llm\.maxTokens .* cannot be used; the default is in use/);
    store.update({ backups: { keepDays: 3 } });
    expect(store.get()).toMatchObject({ provider: 'gdrive', backups: { keepDays: 3 }, llm: { maxTokens: 16384 } });
    expect(onDisk()).toMatchObject({ provider: 'gdrive', backups: { keepDays: 3 } });
  });

  it('moves aside a file that holds JSON but not an object', () => {
    open().close();
    writeFileSync(file, '[1, 2]');
    const store = open();
    expect(store.problems[0]).toMatch(/does not hold a JSON object/);
    expect(readdirSync(dir).filter((name) => name.startsWith('settings.invalid-'))).toHaveLength(1);
  });

  it('keeps the last valid settings while the file is broken by hand, then moves the edit aside on update', () => {
    const store = open();
    store.update({ provider: 'gdrive' });
    writeFileSync(file, '{ broken');
    expect(store.get().provider).toBe('gdrive');
    expect(store.problems.join(' ')).toMatch(/is not valid \(it is not valid JSON\)/);
    store.update({ backups: { keepDays: 3 } });
    expect(store.get()).toMatchObject({ provider: 'gdrive', backups: { keepDays: 3 } });
    const asides = readdirSync(dir).filter((name) => name.startsWith('settings.invalid-'));
    expect(asides).toHaveLength(1);
    expect(readFileSync(path.join(dir, asides[0] ?? ''), 'utf8')).toBe('{ broken');
    expect(store.problems).toHaveLength(1);
    expect(store.problems[0]).toMatch(/was moved to .* and the last valid settings are in use/);
  });

  it('never moves aside or overwrites a file a newer build wrote that this one cannot read', () => {
    open().close();
    const newer = JSON.stringify({ schemaVersion: 99, provider: { kind: 'onedrive' } });
    writeFileSync(file, newer);
    const store = open();
    expect(store.get()).toEqual(DEFAULTS);
    expect(store.problems[0]).toMatch(/newer version of memsync desktop that this one \(1\.2\.3\)/);
    expect(() => store.update({ provider: 'icloud' })).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(readFileSync(file, 'utf8')).toBe(newer);
    expect(readdirSync(dir).some((name) => name.startsWith('settings.invalid-'))).toBe(false);
  });

  it('uses a newer file it can read and keeps its schemaVersion', () => {
    open().close();
    writeFileSync(file, JSON.stringify({ schemaVersion: 2, provider: 'icloud', newThing: true }));
    const store = open();
    expect(store.get().provider).toBe('icloud');
    store.update({ syncRoot: '/x' });
    expect(onDisk()).toMatchObject({ schemaVersion: 2, provider: 'icloud', newThing: true, syncRoot: '/x' });
  });

  it.skipIf(process.platform === 'win32')('keeps the file readable by its owner only (0600)', () => {
    const store = open();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    store.close();
    chmodSync(file, 0o644); // as an older build or an editor might leave it
    const again = open();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    again.update({ provider: 'custom' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('tells listeners about its own updates and about changes another instance makes', async () => {
    const a = open();
    const b = open();
    const seen: Settings[] = [];
    const unsubscribe = a.onChange((s) => seen.push(s));
    a.update({ provider: 'onedrive' });
    expect(seen.at(-1)?.provider).toBe('onedrive');
    b.update({ provider: 'icloud', syncRoot: '/other' });
    await expect.poll(() => seen.at(-1)?.provider, { timeout: 10_000, interval: 100 }).toBe('icloud');
    expect(seen.at(-1)?.syncRoot).toBe('/other');
    unsubscribe();
    const count = seen.length;
    a.update({ provider: 'gdrive' });
    expect(seen).toHaveLength(count);
  });

  it('works with a subclass of Conf that renames options the way electron-store does', () => {
    let constructed = 0;
    // electron-store's constructor: `configName` comes from its own `name` option (default "config").
    class FakeElectronStore extends Conf {
      constructor(options?: Record<string, unknown>) {
        const rewritten: Record<string, unknown> = { name: 'config', ...options };
        rewritten.configName = rewritten.name;
        delete rewritten.name;
        super(rewritten);
        constructed++;
      }
    }
    const store = open({ ConfClass: FakeElectronStore as unknown as typeof Conf });
    store.update({ provider: 'dropbox' });
    expect(constructed).toBe(1);
    expect(existsSync(path.join(dir, 'config.json'))).toBe(false);
    expect(onDisk()).toMatchObject({ provider: 'dropbox' });
    expect(open().get().provider).toBe('dropbox'); // the headless host reads the same file
  });

  it('records a first-run import in the same write as the imported settings', () => {
    const store = open();
    const result = store.recordImport('/home/x/.config/memsync/config.toml', { provider: 'onedrive' });
    expect(result).toMatchObject({ provider: 'onedrive', importedFrom: '/home/x/.config/memsync/config.toml' });
    expect(onDisk()).toMatchObject({ provider: 'onedrive', importedFrom: '/home/x/.config/memsync/config.toml' });
  });
});

describe('migrateSettingsData', () => {
  const table = {
    2: (data: Record<string, unknown>) => {
      const { keepBackupsDays, ...rest } = data;
      return { ...rest, backups: { keepDays: keepBackupsDays } };
    },
  };

  it('treats a file without schemaVersion as version 1 and runs each step up to the target', () => {
    const result = migrateSettingsData({ keepBackupsDays: 9, other: 'kept' }, table, 2);
    expect(result).toEqual({ kind: 'migrated', from: 1, data: { other: 'kept', backups: { keepDays: 9 }, schemaVersion: 2 } });
  });

  it('leaves a current file alone and reports a newer one', () => {
    expect(migrateSettingsData({ schemaVersion: 2 }, table, 2).kind).toBe('current');
    expect(migrateSettingsData({ schemaVersion: 3 }, table, 2).kind).toBe('newer');
  });

  it('refuses an unusable version and a gap in the table', () => {
    expect(() => migrateSettingsData({ schemaVersion: '1' }, table, 2)).toThrow(/positive whole number/);
    expect(() => migrateSettingsData({}, {}, 2)).toThrow(/no settings migration to version 2/);
  });

  it('runs at open: a file that fails to migrate is moved aside', async () => {
    const t = await makeTempHome();
    try {
      const userDataDir = path.join(t.home, 'd');
      openSettingsStore({ userDataDir, projectVersion: '1.0.0' }).close();
      writeFileSync(path.join(userDataDir, 'settings.json'), JSON.stringify({ schemaVersion: 0 }));
      const store = openSettingsStore({ userDataDir, projectVersion: '1.0.0' });
      expect(store.problems[0]).toMatch(/schemaVersion is not a positive whole number/);
      store.close();
    } finally {
      await t.cleanup();
    }
  });
});
