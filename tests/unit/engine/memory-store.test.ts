import { writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-shared/contract';
import { removeStaleTempFiles } from '../../../src-main/engine/fs/atomic-write';
import { createLogger } from '../../../src-main/engine/logger';
import { FileLocks } from '../../../src-main/engine/fs/lock';
import { AUTO_PRUNE_KEEPS_NEWEST, BackupPruner } from '../../../src-main/engine/memory/backup-pruning';
import { listBackups, parseBackupName, pruneBackups, readBackup, writeBackup } from '../../../src-main/engine/memory/backups';
import { hashText, memoryLayout, STARTER_TEMPLATE } from '../../../src-main/engine/memory/layout';
import { initMemoryRoot, resolveMemoryRoot } from '../../../src-main/engine/memory/memory-root';
import { MemoryStore } from '../../../src-main/engine/memory/store';
import { SettingsSchema } from '../../../src-shared/contract/settings';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

let home: TempHome;
let root: string;
let now: Date;
const clock = { now: () => now };
const makeStore = () => new MemoryStore(memoryLayout(root), new FileLocks(path.join(home.home, 'userdata')), clock);

beforeEach(async () => {
  home = await makeTempHome();
  root = path.join(home.home, 'Sync', '.claude-memory');
  await mkdir(root, { recursive: true });
  now = new Date(2026, 10, 21, 10, 15, 30);
});
afterEach(() => home.cleanup());

describe('MemoryStore', () => {
  it('reads content with its hash, and writes after backing up what it replaces', async () => {
    const store = makeStore();
    expect(await store.readIfExists()).toBeUndefined();
    const first = await store.write('# v1\n', { expectedHash: null });
    expect(first).toEqual({ hash: hashText('# v1\n'), backup: null, changed: true });
    const doc = await store.read();
    expect(doc.content).toBe('# v1\n');
    expect(doc.hash).toBe(first.hash);

    const second = await store.write('# v2\n', { expectedHash: first.hash });
    expect(second.backup).toBe('GLOBAL_MEMORY_20261121_101530.md');
    expect(await readFile(path.join(root, 'backups', second.backup!), 'utf8')).toBe('# v1\n');
    expect(await readFile(path.join(root, 'GLOBAL_MEMORY.md'), 'utf8')).toBe('# v2\n');
  });

  it('refuses a write based on an older version (compare-and-swap) and changes nothing', async () => {
    const store = makeStore();
    const v1 = await store.write('# v1\n', { expectedHash: null });
    await writeFile(path.join(root, 'GLOBAL_MEMORY.md'), '# changed by the cloud client\n');
    const attempt = store.write('# mine\n', { expectedHash: v1.hash });
    await expect(attempt).rejects.toBeInstanceOf(ApiError);
    await expect(attempt).rejects.toMatchObject({ code: 'conflict', details: { currentHash: hashText('# changed by the cloud client\n') } });
    expect(await readFile(path.join(root, 'GLOBAL_MEMORY.md'), 'utf8')).toBe('# changed by the cloud client\n');
    await expect(store.write('# new\n', { expectedHash: null })).rejects.toMatchObject({ code: 'conflict' });
    expect(await readdir(path.join(root, 'backups')).catch(() => [])).toEqual([]);
  });

  it('takes no backup when nothing changes', async () => {
    const store = makeStore();
    const v1 = await store.write('same\n', { expectedHash: null });
    expect(await store.write('same\n', { expectedHash: v1.hash })).toEqual({ hash: v1.hash, backup: null, changed: false });
  });

  it('never reads an online-only placeholder as an empty memory', async () => {
    await writeFile(path.join(root, 'GLOBAL_MEMORY.md'), '');
    await expect(makeStore().read()).rejects.toMatchObject({ code: 'unavailable' });
    await expect(makeStore().write('x', {})).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('serializes concurrent writers: each write is based on the one before it', async () => {
    const store = makeStore();
    let hash = (await store.write('0\n', { expectedHash: null })).hash;
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => store.write(`${i + 1}\n`, { expectedHash: hash })),
    );
    // Exactly one of ten writers based on the same version wins; the rest get a conflict.
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'conflict')).toBe(true);
    hash = (await store.read()).hash;
    expect(hash).not.toBe(hashText('0\n'));
  });

  it('two hosts on one folder (their own user-data folders) serialize on the lock in the memory root', async () => {
    const hostA = makeStore();
    const hostB = new MemoryStore(memoryLayout(root), new FileLocks(path.join(home.home, 'other-host')), clock);
    const v1 = await hostA.write('# v1\n', { expectedHash: null });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? hostA : hostB).write(`# host ${i % 2 ? 'a' : 'b'} ${i}\n`, { expectedHash: v1.hash })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'conflict')).toBe(true);
    expect(await readdir(root)).not.toContain('~$memsync-memory.lock');
  });

  it('a writer that takes no lock, writing between the check and the replacement, is backed up and not overwritten', async () => {
    const store = makeStore();
    const v1 = await store.write('# v1\n', { expectedHash: null });
    // memsync (Python) or an editor writes while the save is under way: right after the hash was
    // checked (the clock is read for the backup's name), before the new text replaces the file.
    let sneak = true;
    const sneaky = new MemoryStore(memoryLayout(root), new FileLocks(path.join(home.home, 'userdata')), {
      now: () => {
        if (sneak) writeFileSync(path.join(root, 'GLOBAL_MEMORY.md'), '# written by memsync (Python)\n');
        sneak = false;
        return now;
      },
    });
    await expect(sneaky.write('# mine\n', { expectedHash: v1.hash })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/another program .* kept as backups\/GLOBAL_MEMORY_/) });
    expect(await readFile(path.join(root, 'GLOBAL_MEMORY.md'), 'utf8')).toBe('# written by memsync (Python)\n');
    const kept = await Promise.all((await listBackups(path.join(root, 'backups'))).map((b) => readBackup(path.join(root, 'backups'), b.name)));
    expect(kept.sort()).toEqual(['# v1\n', '# written by memsync (Python)\n']);
    expect((await readdir(root)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('backups', () => {
  it('never overwrites a backup taken in the same second; newest sorts first', async () => {
    const dir = path.join(root, 'backups');
    const names = [await writeBackup(dir, 'one', now), await writeBackup(dir, 'two', now), await writeBackup(dir, 'three', now)];
    expect(names).toEqual(['GLOBAL_MEMORY_20261121_101530.md', 'GLOBAL_MEMORY_20261121_101530_2.md', 'GLOBAL_MEMORY_20261121_101530_3.md']);
    expect((await listBackups(dir)).map((b) => b.name)).toEqual([...names].reverse());
    expect(await readBackup(dir, names[0]!)).toBe('one');
    expect(await readBackup(dir, names[1]!)).toBe('two');
    // Plain name sorting (what memsync does) agrees: newest first.
    expect([...names].sort().reverse()).toEqual([...names].reverse());
  });

  it('parses memsync names and rejects everything else', () => {
    expect(parseBackupName('GLOBAL_MEMORY_20260101_120000.md')?.createdAt).toEqual(new Date(2026, 0, 1, 12, 0, 0));
    expect(parseBackupName('GLOBAL_MEMORY_20260101_120000_2.md')?.sequence).toBe(2);
    for (const bad of ['GLOBAL_MEMORY.md', 'notes.md', 'GLOBAL_MEMORY_2026_1200.md', '../GLOBAL_MEMORY_20260101_120000.md']) {
      expect(parseBackupName(bad)).toBeUndefined();
    }
  });

  it('refuses backup names that are paths', async () => {
    await expect(readBackup(path.join(root, 'backups'), '../GLOBAL_MEMORY.md')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(readBackup(path.join(root, 'backups'), 'GLOBAL_MEMORY_20200101_000000.md')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('prunes only backups older than keep-days, by the time in their name', async () => {
    const dir = path.join(root, 'backups');
    await mkdir(path.join(root, 'sessions'), { recursive: true });
    await writeFile(path.join(root, 'sessions', '2020-01-01.md'), 'old notes');
    await writeBackup(dir, 'old', new Date(2026, 9, 1));
    await writeBackup(dir, 'recent', new Date(2026, 10, 20));
    await writeFile(path.join(dir, 'unrelated.md'), 'keep me');
    expect(await pruneBackups(dir, 30, now, true)).toEqual(['GLOBAL_MEMORY_20261001_000000.md']);
    expect(await readdir(dir)).toHaveLength(3);
    expect(await pruneBackups(dir, 30, now, false)).toEqual(['GLOBAL_MEMORY_20261001_000000.md']);
    expect((await readdir(dir)).sort()).toEqual(['GLOBAL_MEMORY_20261120_000000.md', 'unrelated.md']);
    expect(await readFile(path.join(root, 'sessions', '2020-01-01.md'), 'utf8')).toBe('old notes');
  });

  it('a running host prunes by itself, but always keeps the newest versions (even with keep_days 0)', async () => {
    const dir = path.join(root, 'backups');
    // Fifteen backups, all older than 30 days (a memory unchanged for months).
    for (let day = 1; day <= 15; day++) await writeBackup(dir, `v${day}`, new Date(2026, 6, day));
    await writeBackup(dir, 'recent', new Date(2026, 10, 20));
    let keepDays = 30;
    // The pruner says when it removed backups: wait for that, not for a deadline.
    let removed: () => void = () => {};
    const pruned = new Promise<void>((resolve) => (removed = resolve));
    const logger = createLogger({ level: 'info', write: (line) => line.includes('old backups removed') && removed() });
    const pruner = new BackupPruner({ backupsDir: () => dir, keepDays: () => keepDays, clock: { now: () => now }, logger, everyMs: 20 });
    pruner.start();
    try {
      // The newest ten stay (the recent one and nine old ones); the six oldest go.
      await pruned;
      expect(await readdir(dir)).toHaveLength(AUTO_PRUNE_KEEPS_NEWEST);
      expect((await listBackups(dir)).at(-1)?.name).toBe('GLOBAL_MEMORY_20260707_000000.md');
      keepDays = 0;
      await new Promise((r) => setTimeout(r, 100));
      expect(await readdir(dir)).toHaveLength(AUTO_PRUNE_KEEPS_NEWEST);
    } finally {
      pruner.stop();
    }
  });
});

describe('memory root', () => {
  const settings = (patch: object) => SettingsSchema.parse(patch);

  it('resolves each state with a reason a person can act on', async () => {
    expect((await resolveMemoryRoot(settings({}), 'linux', () => [])).state).toBe('not-configured');
    const sync = path.join(home.home, 'Sync');
    expect(await resolveMemoryRoot(settings({ provider: 'custom', syncRoot: sync }), 'linux', () => [])).toMatchObject({ state: 'ok', memoryRoot: root });
    expect((await resolveMemoryRoot(settings({ provider: 'icloud', syncRoot: sync }), 'linux', () => [])).memoryRoot).toBe(path.join(sync, 'claude-memory'));
    expect((await resolveMemoryRoot(settings({ provider: 'icloud', syncRoot: sync }), 'linux', () => [])).state).toBe('missing');
    const gone = await resolveMemoryRoot(settings({ provider: 'custom', syncRoot: path.join(home.home, 'Gone') }), 'linux', () => []);
    expect(gone.state).toBe('unavailable');
    expect(gone.reason).toContain('not there');
    const undetected = await resolveMemoryRoot(settings({ provider: 'gdrive' }), 'linux', () => []);
    expect(undetected.state).toBe('unavailable');
    expect(undetected.reason).toContain('sync_root');
  });

  it('init creates the layout, keeps an existing memory, and backs up before --force replaces it', async () => {
    const fresh = path.join(home.home, 'Other', '.claude-memory');
    const store = new MemoryStore(memoryLayout(fresh), new FileLocks(path.join(home.home, 'userdata')), clock);
    expect(await initMemoryRoot(fresh, store, false)).toMatchObject({ wroteTemplate: true, backup: null });
    expect(await readFile(path.join(fresh, 'GLOBAL_MEMORY.md'), 'utf8')).toBe(STARTER_TEMPLATE);
    expect((await readdir(fresh)).sort()).toEqual(['GLOBAL_MEMORY.md', 'backups', 'sessions']);

    await store.write('# mine\n', {});
    expect(await initMemoryRoot(fresh, store, false)).toMatchObject({ wroteTemplate: false });
    expect(await readFile(path.join(fresh, 'GLOBAL_MEMORY.md'), 'utf8')).toBe('# mine\n');

    const forced = await initMemoryRoot(fresh, store, true);
    expect(forced.backup).toMatch(/^GLOBAL_MEMORY_\d{8}_\d{6}(_\d+)?\.md$/);
    expect(await readFile(path.join(fresh, 'backups', forced.backup!), 'utf8')).toBe('# mine\n');
    expect(await readFile(path.join(fresh, 'GLOBAL_MEMORY.md'), 'utf8')).toBe(STARTER_TEMPLATE);
  });

  it('init never replaces an iCloud placeholder, and replaces an empty file only with --force', async () => {
    await writeFile(path.join(root, '.GLOBAL_MEMORY.md.icloud'), 'stub');
    expect(await initMemoryRoot(root, makeStore(), true)).toMatchObject({ wroteTemplate: false });
    await expect(readFile(path.join(root, 'GLOBAL_MEMORY.md'))).rejects.toThrow();

    const other = path.join(home.home, 'Empty', '.claude-memory');
    await mkdir(other, { recursive: true });
    await writeFile(path.join(other, 'GLOBAL_MEMORY.md'), '');
    const store = new MemoryStore(memoryLayout(other), new FileLocks(path.join(home.home, 'userdata')), clock);
    expect(await initMemoryRoot(other, store, false)).toMatchObject({ wroteTemplate: false });
    expect(await readFile(path.join(other, 'GLOBAL_MEMORY.md'), 'utf8')).toBe('');
    expect(await initMemoryRoot(other, store, true)).toMatchObject({ wroteTemplate: true });
    expect(await readFile(path.join(other, 'GLOBAL_MEMORY.md'), 'utf8')).toBe(STARTER_TEMPLATE);
  });
});

describe('temp files left by a crash', () => {
  it('are removed when old, and a write in progress is left alone', async () => {
    const stale = path.join(root, '.GLOBAL_MEMORY.md.0123456789ab.tmp');
    const fresh = path.join(root, '.GLOBAL_MEMORY.md.ba9876543210.tmp');
    await writeFile(stale, 'x');
    await writeFile(fresh, 'y');
    const old = new Date(Date.now() - 5 * 60_000);
    await utimes(stale, old, old);
    await writeFile(path.join(root, 'notes.tmp'), 'not ours');
    expect(await removeStaleTempFiles(root)).toEqual(['.GLOBAL_MEMORY.md.0123456789ab.tmp']);
    expect((await readdir(root)).sort()).toEqual(['.GLOBAL_MEMORY.md.ba9876543210.tmp', 'notes.tmp']);
  });
});
