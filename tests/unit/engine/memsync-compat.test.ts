import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, lstat, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Status } from '../../../src-shared/contract';
import type { CliIo } from '../../../src-main/cli/io';
import { runCli } from '../../../src-main/cli/program';
import { readHarvestIndex, readUsageLog, writeHarvestIndex } from '../../../src-main/engine/memory/memsync-files';
import { repoRoot } from '../../helpers/repo';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';
import { createTestEngine } from '../../helpers/test-engine';

/*
 * A memory root exactly as memsync (Python) leaves it (tests/fixtures/memsync-root, see its
 * README) must be usable as is: read without change, its backups listed and restorable, its
 * harvest index and usage log read, and nothing in it rewritten by read-only commands. The fixture
 * is copied to a temporary folder for every test and never modified in place.
 */

const FIXTURE = path.join(repoRoot, 'tests', 'fixtures', 'memsync-root');
const MEMSYNC_BACKUPS = ['GLOBAL_MEMORY_20260102_093000.md', 'GLOBAL_MEMORY_20260101_120000.md']; // newest first
const SESSION_STEMS = ['3f2b6c1e-8a4d-4b9e-a7c2-91d0e5f4b3a8', 'b7e2c9a4-5d1f-4e8a-9c3b-2f6a8d0e1c57'];

let home: TempHome;
let sync: string;
let root: string;

const memoryFile = () => path.join(root, 'GLOBAL_MEMORY.md');
const claudeMd = () => path.join(home.home, '.claude', 'CLAUDE.md');
/** A checkout may turn LF into CRLF (git autocrlf); compare the fixture's text, not its line ends. */
const lf = (text: string) => text.replace(/\r\n/g, '\n');

async function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const env = { ...home.env, ...extraEnv };
  delete env.CODEX_HOME;
  const io: CliIo & { out: string; err: string } = {
    out: '',
    err: '',
    env,
    stdout: (t) => void (io.out += t),
    stderr: (t) => void (io.err += t),
    prompt: async () => undefined,
    readStdin: async () => undefined,
  };
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

/** Every file and folder under `dir` with its content hash and modification time. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const rel = path.relative(dir, full);
    if (entry.isDirectory()) result[rel] = 'dir';
    else {
      const info = await stat(full);
      result[rel] = `${createHash('sha256').update(await readFile(full)).digest('hex')} ${info.mtimeMs}`;
    }
  }
  return result;
}

beforeEach(async () => {
  home = await makeTempHome('memsync-compat-');
  sync = path.join(home.home, 'OneDrive');
  await cp(FIXTURE, sync, { recursive: true });
  root = path.join(sync, '.claude-memory');
});
afterEach(() => home.cleanup());

describe('a memory root left by memsync (Python)', () => {
  it('the fixture is what it says: memsync’s layout, a memory without a final newline', async () => {
    expect((await readdir(root)).sort()).toEqual(['GLOBAL_MEMORY.md', 'backups', 'harvested.json', 'sessions', 'usage.jsonl']);
    const memory = lf(await readFile(memoryFile(), 'utf8'));
    expect(memory.startsWith('<!-- memsync v0.2 -->\n')).toBe(true);
    expect(memory).toContain('\n## Hard constraints\n');
    expect(memory.endsWith('\n')).toBe(false);
  });

  it('init --sync-root keeps the existing memory and changes nothing in the root', async () => {
    const before = await snapshot(root);
    const memory = await readFile(memoryFile(), 'utf8');
    const r = await cli(['init', '--sync-root', sync]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`Memory:      ${memoryFile()} (kept)`);
    expect(r.out).not.toContain('Backup:');
    expect(await snapshot(root)).toEqual(before);
    // The agent file is the memory, byte for byte (no newline added), as memsync's copy was.
    expect(await readFile(claudeMd(), 'utf8')).toBe(memory);
  });

  it('the memory is read as is', async () => {
    expect((await cli(['init', '--sync-root', sync])).code).toBe(0);
    const memory = await readFile(memoryFile(), 'utf8');
    const show = await cli(['show']);
    expect(show.code).toBe(0);
    expect(show.out).toBe(`${memory}\n`); // show ends the output with a newline, the file has none
    const status = JSON.parse((await cli(['status', '--json'])).out) as Status;
    expect(status.memory.rootState).toBe('ok');
    expect(status.memory.memory?.lines).toBe(memory.split('\n').length);
    expect(status.memory.memory?.bytes).toBe(Buffer.byteLength(memory));
    const human = await cli(['status']);
    expect(human.out).toContain('Backups:       2 file(s)');
    expect(human.out).toContain('Session logs:  1 day(s)');
  });

  it.skipIf(process.platform === 'win32')('keeps memsync’s CLAUDE.md symlink as in sync, without a backup and without touching the memory', async () => {
    await mkdir(path.dirname(claudeMd()), { recursive: true });
    await symlink(memoryFile(), claudeMd());
    const before = await snapshot(root);
    expect((await cli(['init', '--sync-root', sync])).code).toBe(0);
    expect(await snapshot(root)).toEqual(before);
    // Replacing the link would make memsync rename our copy onto CLAUDE.pre-memsync.bak next time.
    expect((await lstat(claudeMd())).isSymbolicLink()).toBe(true);
    expect((await readdir(path.dirname(claudeMd()))).sort()).toEqual(['CLAUDE.md']);
    const status = JSON.parse((await cli(['status', '--json'])).out) as Status;
    expect(status.memory.foreignEdits).toBe(0);
    expect(status.memory.targets[0]).toMatchObject({ state: 'in-sync', effectiveMode: 'symlink' });
  });

  it('takes over memsync’s Windows copy of CLAUDE.md without a backup or a foreign edit', async () => {
    await mkdir(path.dirname(claudeMd()), { recursive: true });
    await writeFile(claudeMd(), await readFile(memoryFile()));
    expect((await cli(['init', '--sync-root', sync])).code).toBe(0);
    expect((await readdir(path.dirname(claudeMd()))).sort()).toEqual(['CLAUDE.md']);
    const status = JSON.parse((await cli(['status', '--json'])).out) as Status;
    expect(status.memory.foreignEdits).toBe(0);
    expect(status.memory.targets[0]?.state).toBe('in-sync');
  });

  it('lists memsync’s backups newest first, restores one, and our backups sort after memsync’s', async () => {
    const at = new Date(2026, 2, 1, 10, 0, 0); // local time, like backup names
    const engine = createTestEngine(home.home, { clock: { now: () => at } });
    await engine.start();
    try {
      const init = await engine.api.initMemoryRoot({ provider: 'custom', syncRoot: sync });
      expect(init).toMatchObject({ memoryRoot: root, wroteTemplate: false, backup: null });

      const listed = await engine.api.listBackups(undefined);
      expect(listed.map((b) => b.name)).toEqual(MEMSYNC_BACKUPS);
      expect(new Date(listed[0]!.createdAt).getTime()).toBe(new Date(2026, 0, 2, 9, 30, 0).getTime());

      const previous = await readFile(memoryFile(), 'utf8');
      const restored = await engine.api.restoreBackup({ name: 'GLOBAL_MEMORY_20260101_120000.md' });
      expect(restored).toMatchObject({ changed: true, backup: 'GLOBAL_MEMORY_20260301_100000.md' });
      const template = await readFile(path.join(root, 'backups', 'GLOBAL_MEMORY_20260101_120000.md'), 'utf8');
      expect(await readFile(memoryFile(), 'utf8')).toBe(template);
      expect(await readFile(claudeMd(), 'utf8')).toBe(template);
      expect(await readFile(path.join(root, 'backups', 'GLOBAL_MEMORY_20260301_100000.md'), 'utf8')).toBe(previous);

      // A second write in the same second gets a suffix instead of replacing the first backup.
      const doc = await engine.api.readMemory(undefined);
      const second = await engine.api.writeMemory({ content: `${doc.content}\n- one more\n`, expectedHash: doc.hash });
      expect(second.backup).toBe('GLOBAL_MEMORY_20260301_100000_2.md');

      const ours = ['GLOBAL_MEMORY_20260301_100000_2.md', 'GLOBAL_MEMORY_20260301_100000.md'];
      expect((await engine.api.listBackups(undefined)).map((b) => b.name)).toEqual([...ours, ...MEMSYNC_BACKUPS]);
      // memsync lists backups by name, reversed: the same order, so both tools agree on "latest".
      const byName = (await readdir(path.join(root, 'backups'))).sort().reverse();
      expect(byName).toEqual([...ours, ...MEMSYNC_BACKUPS]);
    } finally {
      await engine.stop();
    }
  });

  it('restores a memsync backup from the command line (the current memory is backed up first)', async () => {
    expect((await cli(['init', '--sync-root', sync])).code).toBe(0);
    const previous = await readFile(memoryFile(), 'utf8');
    const r = await cli(['restore', 'GLOBAL_MEMORY_20260102_093000.md']);
    expect(r.code, r.err).toBe(0);
    const wanted = await readFile(path.join(root, 'backups', 'GLOBAL_MEMORY_20260102_093000.md'), 'utf8');
    expect(await readFile(memoryFile(), 'utf8')).toBe(wanted);
    expect(await readFile(claudeMd(), 'utf8')).toBe(wanted);
    const names = (await readdir(path.join(root, 'backups'))).sort();
    expect(names).toHaveLength(3);
    expect(names.slice(0, 2)).toEqual([...MEMSYNC_BACKUPS].reverse()); // ours sorts after memsync's
    expect(await readFile(path.join(root, 'backups', names[2]!), 'utf8')).toBe(previous);
    // diff compares with the newest backup: ours, which holds the memory before the restore.
    const diff = await cli(['diff']);
    expect(diff.out).toContain(`--- ${names[2]}`);
    expect(diff.out).toContain('\n-- Ship the invoice export by end of January\n');
  });

  it('reads harvested.json in the object form and the legacy list form (as -1)', async () => {
    expect(await readHarvestIndex(path.join(root, 'harvested.json'))).toEqual({
      [SESSION_STEMS[0]!]: 42,
      [SESSION_STEMS[1]!]: 17,
    });
    expect(await readHarvestIndex(path.join(sync, 'harvested-legacy.json'))).toEqual({
      [SESSION_STEMS[0]!]: -1,
      [SESSION_STEMS[1]!]: -1,
    });
  });

  it('writes harvested.json like memsync: sorted keys, two-space indent, non-ASCII kept', async () => {
    const file = path.join(home.home, 'harvested.json');
    await writeHarvestIndex(file, { [SESSION_STEMS[1]!]: 17, [SESSION_STEMS[0]!]: 42 });
    expect(await readFile(file, 'utf8')).toBe(lf(await readFile(path.join(root, 'harvested.json'), 'utf8')));
    await writeHarvestIndex(file, { zeta: 1, 'sesión-ü': 2, alpha: -1 });
    expect(await readFile(file, 'utf8')).toBe('{\n  "alpha": -1,\n  "sesión-ü": 2,\n  "zeta": 1\n}');
  });

  it('reads usage.jsonl, skipping the blank and the malformed line', async () => {
    const records = await readUsageLog(path.join(root, 'usage.jsonl'));
    expect(records).toEqual([
      {
        ts: '2026-01-01T12:00:00.412345+00:00',
        machine: 'ana-macbook',
        command: 'refresh',
        model: 'claude-sonnet-4-20250514',
        session: '',
        input_tokens: 1200,
        output_tokens: 800,
        cost_usd: 0.0156,
        changed: true,
      },
      {
        ts: '2026-01-02T09:30:00.118204+00:00',
        machine: 'ana-macbook',
        command: 'harvest',
        model: 'claude-sonnet-4-20250514',
        session: SESSION_STEMS[0],
        input_tokens: 5000,
        output_tokens: 1000,
        cost_usd: 0.03,
        changed: false,
      },
    ]);
  });

  it('prune removes memsync’s backups but never the session log or the other files', async () => {
    expect((await cli(['init', '--sync-root', sync])).code).toBe(0);
    const before = await snapshot(root);
    const r = await cli(['prune', '--keep-days', '0']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Pruned 2 backup(s)');
    expect(await readdir(path.join(root, 'backups'))).toEqual([]);
    const after = await snapshot(root);
    for (const name of MEMSYNC_BACKUPS) delete before[path.join('backups', name)];
    expect(after).toEqual(before);
    expect(after[path.join('sessions', '2026-01-02.md')]).toBeDefined();
  });

  it('status, doctor and the other read-only commands rewrite nothing in the root', async () => {
    expect((await cli(['init', '--sync-root', sync])).code).toBe(0);
    const before = await snapshot(root);
    const claudeBefore = await stat(claudeMd());
    for (const args of [['status'], ['status', '--json'], ['doctor'], ['show'], ['diff'], ['providers'], ['targets'], ['config', 'show']]) {
      const r = await cli(args, { ANTHROPIC_API_KEY: 'sk-ant-test' });
      expect(r.code, `${args.join(' ')}: ${r.out}${r.err}`).toBe(0);
    }
    expect(await snapshot(root)).toEqual(before);
    expect((await stat(claudeMd())).mtimeMs).toBe(claudeBefore.mtimeMs);
    expect(existsSync(path.join(root, 'proposals'))).toBe(false);
    expect(existsSync(path.join(root, 'inbox'))).toBe(false);
  });
});
