import { lstat, mkdir, readdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src-main/engine';
import { createLogger } from '../../../src-main/engine';
import { DriftWatcher } from '../../../src-main/engine/targets/drift-watcher';
import { backupPreMemsync } from '../../../src-main/engine/targets/target-files';
import { eventually } from '../../helpers/eventually';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';
import { createTestEngine } from '../../helpers/test-engine';

/*
 * memsync (Python) running beside this app (a person moving over, or two machines): on every write
 * it renames a regular CLAUDE.md to CLAUDE.pre-memsync.bak (overwriting what is there) and puts a
 * symlink to GLOBAL_MEMORY.md in its place (spec: memsync-predecessor.md §5). The person's original
 * CLAUDE.md, which this app backed up under that name, must survive it.
 */

let home: TempHome;
let engine: Engine;
let warnings: string[];
let sync: string;
let claude: string;
let memoryFile: string;

const read = (file: string) => readFile(file, 'utf8');
const isLink = async (file: string) => (await lstat(file)).isSymbolicLink();

/** What memsync's claude_md.sync does on macOS and Linux. */
async function predecessorSync(): Promise<void> {
  const info = await lstat(claude).catch(() => undefined);
  if (info?.isSymbolicLink()) return;
  if (info) await rename(claude, path.join(path.dirname(claude), 'CLAUDE.pre-memsync.bak'));
  await symlink(memoryFile, claude);
}

beforeEach(async () => {
  home = await makeTempHome();
  sync = path.join(home.home, 'Sync');
  await mkdir(sync);
  claude = path.join(home.home, '.claude', 'CLAUDE.md');
  memoryFile = path.join(sync, '.claude-memory', 'GLOBAL_MEMORY.md');
  await mkdir(path.dirname(claude), { recursive: true });
  await writeFile(claude, '# My own rules\n- never push on Fridays\n');
  warnings = [];
  const logger = createLogger({ level: 'warn', write: (line) => warnings.push(line) });
  engine = createTestEngine(home.home, { logger, rootCheckMs: 100 });
  await engine.start();
  await engine.api.initMemoryRoot({ provider: 'custom', syncRoot: sync });
});
afterEach(async () => {
  await engine.stop();
  await home.cleanup();
});

describe.skipIf(process.platform === 'win32')('running beside memsync (Python)', () => {
  it('keeps the person\'s original CLAUDE.md when the predecessor renames our copy onto its backup name', async () => {
    const bak = path.join(home.home, '.claude', 'CLAUDE.pre-memsync.bak');
    expect(await read(bak)).toBe('# My own rules\n- never push on Fridays\n');
    expect(await read(claude)).toBe(await read(memoryFile));

    await predecessorSync();

    // The original is put back under its name; the predecessor's link is left alone (in sync).
    await eventually(engine, async () => expect(await read(bak)).toBe('# My own rules\n- never push on Fridays\n'));
    await eventually(engine, async () => expect(await engine.status().memory.targets.find((t) => t.id === 'claude-code')?.state).toBe('in-sync'));
    expect(await isLink(claude)).toBe(true);
    expect(engine.status().memory.targets.find((t) => t.id === 'claude-code')?.effectiveMode).toBe('symlink');
    // The predecessor's next run finds its link in sync and renames nothing again.
    await predecessorSync();
    await engine.api.syncTargets(undefined);
    expect(await isLink(claude)).toBe(true);
    expect(await read(bak)).toBe('# My own rules\n- never push on Fridays\n');
    // No copy of our own render was kept as if it were the person's text; nothing was offered.
    expect((await readdir(path.dirname(claude))).sort()).toEqual(['CLAUDE.md', 'CLAUDE.pre-memsync.bak']);
    expect(await engine.api.listForeignEdits(undefined)).toHaveLength(1); // the original, offered at first enable
    expect(warnings.filter((w) => /EINVAL|readlink|failed/.test(w))).toEqual([]);
  });

  it('a memory change reaches the agent through the predecessor\'s link, and no copy replaces it', async () => {
    await predecessorSync();
    await eventually(engine, async () => expect(await engine.status().memory.targets.find((t) => t.id === 'claude-code')?.state).toBe('in-sync'));
    const doc = await engine.api.readMemory(undefined);
    await engine.api.writeMemory({ content: `${doc.content}- new fact\n`, expectedHash: doc.hash });
    expect(await isLink(claude)).toBe(true);
    expect(await read(claude)).toContain('- new fact');
    expect(warnings).toEqual([]);
  });
});

describe('pre-memsync backups', () => {
  it('never reuse a name: a second backup gets its own, the first is kept as it was', async () => {
    const file = path.join(home.home, 'AGENTS.md');
    await writeFile(file, 'first original\n');
    expect(path.basename(await backupPreMemsync(file))).toBe('AGENTS.pre-memsync.bak');
    await writeFile(file, 'second text\n');
    expect(path.basename(await backupPreMemsync(file))).toBe('AGENTS.pre-memsync.1.bak');
    expect(await read(path.join(home.home, 'AGENTS.pre-memsync.bak'))).toBe('first original\n');
    expect(await read(path.join(home.home, 'AGENTS.pre-memsync.1.bak'))).toBe('second text\n');
  });
});

describe.skipIf(process.platform === 'win32')('a watched link replaced by a copy', () => {
  it('is reported as a change of the file, not as a watcher warning', async () => {
    const file = path.join(home.home, 'watched.md');
    await writeFile(file, 'a copy\n');
    const changes: string[] = [];
    let notify: () => void = () => {};
    const watcher = new DriftWatcher({
      memoryFile: () => null,
      targetFiles: () => [file],
      onCanonicalChange: () => {},
      onTargetChange: (f) => {
        changes.push(f);
        notify();
      },
      onRootAvailability: () => {},
      logger: createLogger({ level: 'warn', write: (line) => warnings.push(line) }),
      // chokidar reads the new link shortly after reporting it; the copy must come after that.
      targetSettleMs: 150,
    });
    const nextChange = () => new Promise<void>((resolve) => (notify = resolve));
    await watcher.start();
    try {
      let seen = nextChange();
      await rename(file, `${file}.bak`);
      await symlink(memoryFile, file); // what memsync (Python) does
      await seen;
      seen = nextChange();
      await writeFile(`${file}.tmp`, 'a copy again\n');
      await rename(`${file}.tmp`, file); // an atomic copy over the link
      await seen;
      expect(changes.length).toBeGreaterThanOrEqual(2);
      expect(warnings).toEqual([]);
    } finally {
      await watcher.stop();
    }
  });
});
