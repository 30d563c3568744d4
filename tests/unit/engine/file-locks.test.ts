import { fork } from 'node:child_process';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FileLocks, rootLockFile } from '../../../src-main/engine/fs/lock';
import { findConflictCopies } from '../../../src-main/engine/memory/cloud-files';
import { createLogger } from '../../../src-main/engine/logger';
import { bundleForChild } from '../../helpers/bundle';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

let home: TempHome;
let child: string;
let lines: string[];
const logger = () => createLogger({ level: 'info', write: (l) => lines.push(l) });

beforeAll(async () => {
  child = await bundleForChild(path.join(import.meta.dirname, 'children', 'lock-holder.ts'));
});
beforeEach(async () => {
  home = await makeTempHome();
  lines = [];
});
afterEach(() => home.cleanup());

/** A child that takes the lock and is then killed with SIGKILL while holding it. */
async function killedHolder(args: string[]): Promise<number> {
  const proc = fork(child, args, { stdio: 'ignore' });
  await new Promise<void>((resolve) => proc.once('message', () => resolve()));
  proc.kill('SIGKILL');
  await new Promise((r) => proc.once('exit', r));
  return proc.pid!;
}

const TEN_MINUTES = 600_000;

describe('a lock whose holder died on this machine', () => {
  it('is taken at once, not after it goes stale (a SIGKILL during a note append)', async () => {
    const userData = path.join(home.home, 'userdata');
    const notesFile = path.join(home.home, 'sessions', '2026-11-21.md');
    const pid = await killedHolder([userData, notesFile]);
    expect(await readdir(path.join(userData, 'locks'))).toHaveLength(1);

    // Stale only after ten minutes: what takes it here is knowing the holder is gone.
    const locks = new FileLocks(userData, logger(), { localStaleMs: TEN_MINUTES });
    expect(await locks.withLock(notesFile, async () => 'appended')).toBe('appended');
    expect(lines.join('\n')).toMatch(new RegExp(`took over a lock .*process ${pid} of this machine, is gone`));
    expect(await readdir(path.join(userData, 'locks'))).toEqual([]);
  });

  it('the memory root lock too', async () => {
    const root = path.join(home.home, 'Sync', '.claude-memory');
    await mkdir(root, { recursive: true });
    await killedHolder([path.join(home.home, 'other-host'), '-', root]);
    const holder = JSON.parse(await readFile(rootLockFile(root, 'memory'), 'utf8')) as { machine: string; pid: number; since: string };
    expect(holder).toMatchObject({ app: 'memsync', pid: expect.any(Number), since: expect.any(String), machine: expect.any(String) });

    const locks = new FileLocks(path.join(home.home, 'this-host'), logger(), { rootStaleMs: TEN_MINUTES });
    expect(await locks.withRootLock(root, 'memory', async () => 'saved')).toBe('saved');
    expect(await readdir(root)).toEqual([]);
  });
});

describe('a lock held by a live process', () => {
  it('is waited for: the second host runs only after the first released', async () => {
    const root = path.join(home.home, 'root');
    await mkdir(root);
    const a = new FileLocks(path.join(home.home, 'a'));
    const b = new FileLocks(path.join(home.home, 'b'));
    const order: string[] = [];
    let releaseA!: () => void;
    let aHolds!: () => void;
    const holding = new Promise<void>((r) => (aHolds = r));
    const first = a.withRootLock(root, 'memory', async () => {
      order.push('a start');
      aHolds();
      await new Promise<void>((r) => (releaseA = r));
      order.push('a end');
    });
    await holding;
    const second = b.withRootLock(root, 'memory', async () => void order.push('b'));
    // b is polling the lock now; a still holds it.
    await new Promise((r) => setTimeout(r, 100));
    expect(order).toEqual(['a start']);
    releaseA();
    await Promise.all([first, second]);
    expect(order).toEqual(['a start', 'a end', 'b']);
  });

  it('answers "busy" naming the holder once the wait is over', async () => {
    const root = path.join(home.home, 'root');
    await mkdir(root);
    const other = { app: 'memsync', machine: 'pi', boot: 'x', pid: 4242, since: new Date().toISOString(), token: 'abc' };
    await writeFile(rootLockFile(root, 'memory'), JSON.stringify(other));
    const locks = new FileLocks(path.join(home.home, 'u'), logger(), { rootStaleMs: TEN_MINUTES, maxWaitMs: 50 });
    await expect(locks.withRootLock(root, 'memory', async () => 'never')).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/GLOBAL_MEMORY\.md is being changed by memsync on pi \(process 4242/),
    });
  });
});

describe('a lock a sync client carried over from another machine', () => {
  it('blocks no longer than the expiry, even with a time from the future', async () => {
    const root = path.join(home.home, 'root');
    await mkdir(root);
    const file = rootLockFile(root, 'memory');
    const other = { app: 'memsync', machine: 'laptop', boot: 'y', pid: process.pid, since: new Date().toISOString(), token: 'def' };
    await writeFile(file, JSON.stringify(other));
    const future = new Date(Date.now() + 3_600_000);
    await utimes(file, future, future);
    const locks = new FileLocks(path.join(home.home, 'u'), logger(), { rootStaleMs: 300 });
    expect(await locks.withRootLock(root, 'memory', async () => 'saved')).toBe('saved');
    expect(lines.join('\n')).toMatch(/took over a lock .*did not change for .*laptop process/);
  });
});

describe('lock files in a synced folder', () => {
  it('never look like conflict copies of the memory, nor do a sync client\'s copies of them', async () => {
    const root = path.join(home.home, 'root');
    await mkdir(root);
    const names = (['memory', 'decisions', 'refresh'] as const).map((n) => path.basename(rootLockFile(root, n)));
    expect(names).toEqual(['~$memsync-memory.lock', '~$memsync-decisions.lock', '~$memsync-refresh.lock']);
    const copies = ['~$memsync-memory (1).lock', '~$memsync-memory-DESKTOP-AB12CD3.lock', "~$memsync-memory (Ana's conflicted copy 2026-01-02).lock", '~$memsync-memory 2.lock'];
    for (const name of [...names, ...copies]) await writeFile(path.join(root, name), '{}');
    await writeFile(path.join(root, 'GLOBAL_MEMORY (1).md'), 'a real conflict copy');
    expect((await findConflictCopies(root)).map((c) => c.name)).toEqual(['GLOBAL_MEMORY (1).md']);
  });
});
