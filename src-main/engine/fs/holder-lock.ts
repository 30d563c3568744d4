import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { copyFile, link, open, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { hostname, uptime } from 'node:os';
import { ApiError } from '../../../src-shared/contract/errors';
import type { Logger } from '../services';

/**
 * A lock file that names its holder: machine, process and time. Created exclusively (O_EXCL),
 * kept fresh while held (its mtime, every `staleMs / 3`), removed on release. Another process
 * takes it over when its holder is gone: at once when the holder is a process of this very
 * machine that no longer exists (a SIGKILL, a power cut), otherwise once it has not been
 * refreshed for `staleMs` (a crash elsewhere, or a copy a sync client carried over from another
 * machine; its mtime may be anything, so "unchanged for `staleMs` since first seen" counts too).
 */
export interface LockHolder {
  app: 'memsync';
  /** The machine's host name, as people know it. */
  machine: string;
  /** This boot of that machine: a pid means something only within one. */
  boot: string;
  pid: number;
  since: string;
  /** Tells this acquisition from any other, also of the same process. */
  token: string;
}

export interface LockPolicy {
  /** A lock not refreshed for this long is taken over. */
  staleMs: number;
  /** How long to wait for a holder that is alive before answering "busy". */
  maxWaitMs: number;
  /** What the lock guards, in words, for the busy message ("GLOBAL_MEMORY.md"). */
  what: string;
  /** Mode of the lock file. */
  mode?: number;
}

export interface HeldLock {
  release(): Promise<void>;
}

let self: { machine: string; boot: string } | undefined;

/** This machine and boot. Linux names the boot; elsewhere the boot time (stable to a second or so) stands in. */
function identity(): { machine: string; boot: string } {
  if (!self) {
    let boot: string;
    try {
      boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      boot = `up-${Math.round(Date.now() / 1000 - uptime())}`;
    }
    self = { machine: hostname(), boot };
  }
  return self;
}

function sameBoot(a: string, b: string): boolean {
  if (a === b) return true;
  // Boot times computed from the uptime drift with clock adjustments: a minute is the same boot.
  const ta = /^up-(\d+)$/.exec(a)?.[1];
  const tb = /^up-(\d+)$/.exec(b)?.[1];
  return ta !== undefined && tb !== undefined && Math.abs(Number(ta) - Number(tb)) <= 60;
}

/** True when `holder` is a process of this machine's current boot. */
export function isLocalHolder(holder: Pick<LockHolder, 'machine' | 'boot'>): boolean {
  const me = identity();
  return holder.machine === me.machine && sameBoot(holder.boot, me.boot);
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user (a second HOME of another account).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseHolder(raw: string): LockHolder | undefined {
  try {
    const h = JSON.parse(raw) as Partial<LockHolder>;
    if (h.app === 'memsync' && typeof h.machine === 'string' && typeof h.boot === 'string' && Number.isInteger(h.pid) && typeof h.since === 'string' && typeof h.token === 'string') {
      return h as LockHolder;
    }
  } catch {
    // an empty file (its holder is between create and write) or a foreign one
  }
  return undefined;
}

interface Seen {
  raw: string;
  mtimeMs: number;
  holder: LockHolder | undefined;
}

async function look(file: string): Promise<Seen | undefined> {
  try {
    const [raw, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    return { raw, mtimeMs: info.mtimeMs, holder: parseHolder(raw) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Why the lock seen is stale, or null while its holder may still be working. */
function staleness(seen: Seen, policy: LockPolicy, now: number, firstSeen: Map<string, number>): string | null {
  const h = seen.holder;
  if (h && isLocalHolder(h) && !processAlive(h.pid)) return `its holder, process ${h.pid} of this machine, is gone`;
  if (now - seen.mtimeMs > policy.staleMs) return `it was not refreshed for ${Math.round((now - seen.mtimeMs) / 1000)} s`;
  const key = `${seen.mtimeMs}:${seen.raw}`;
  const first = firstSeen.get(key) ?? now;
  firstSeen.set(key, first);
  return now - first > policy.staleMs ? `it did not change for ${Math.round((now - first) / 1000)} s` : null;
}

async function tryCreate(file: string, text: string, mode: number): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx', mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(text);
  } catch (error) {
    await handle.close().catch(() => {});
    await unlink(file).catch(() => {});
    throw error;
  }
  await handle.close();
  return true;
}

/**
 * Removes the stale lock `seen` — and only it: it is renamed aside first (atomic), and if what
 * was moved is not what was judged (a new holder took the name in between), it is put back.
 */
async function takeOver(file: string, seen: Seen, reason: string, logger: Logger | undefined): Promise<void> {
  const aside = `${file}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await look(aside);
  if (moved && (moved.raw !== seen.raw || moved.mtimeMs !== seen.mtimeMs)) {
    await link(aside, file).catch(() => copyFile(aside, file, 1)).catch(() => {});
  } else {
    const h = seen.holder;
    logger?.info('took over a lock', { file, reason, holder: h ? `${h.machine} process ${h.pid} since ${h.since}` : 'unnamed' });
  }
  await unlink(aside).catch(() => {});
}

function busy(policy: LockPolicy, seen: Seen): ApiError {
  const h = seen.holder;
  const who = h ? `memsync on ${h.machine} (process ${h.pid}, since ${h.since.slice(11, 19)} UTC)` : 'another program';
  return new ApiError('unavailable', `${policy.what} is being changed by ${who}; nothing was changed. Try again in a moment.`, { lockHolder: h ?? null });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Takes the lock `file` (its folder must exist), waiting for a live holder up to `policy.maxWaitMs`. */
export async function acquireLock(file: string, policy: LockPolicy, logger?: Logger): Promise<HeldLock> {
  const me: LockHolder = { app: 'memsync', ...identity(), pid: process.pid, since: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  const text = `${JSON.stringify(me)}\n`;
  const started = Date.now();
  const firstSeen = new Map<string, number>();
  let delay = 5;
  for (;;) {
    if (await tryCreate(file, text, policy.mode ?? 0o644)) return hold(file, text, policy, logger);
    const seen = await look(file);
    if (!seen) continue; // released meanwhile
    const now = Date.now();
    const reason = staleness(seen, policy, now, firstSeen);
    if (reason) {
      await takeOver(file, seen, reason, logger);
      continue;
    }
    if (now - started >= policy.maxWaitMs) throw busy(policy, seen);
    await sleep(delay);
    delay = Math.min(100, delay * 1.5);
  }
}

function hold(file: string, text: string, policy: LockPolicy, logger: Logger | undefined): HeldLock {
  const acquired = Date.now();
  let lost = false;
  const refresh = async () => {
    const now = await readFile(file, 'utf8').catch(() => undefined);
    if (now !== text) {
      lost = true;
      clearInterval(timer);
      logger?.warn('a lock was taken over while held', { file });
      return;
    }
    const at = new Date();
    await utimes(file, at, at).catch(() => {});
  };
  const timer = setInterval(() => void refresh(), Math.max(50, Math.floor(policy.staleMs / 3)));
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      if (lost) return;
      // Only a lock held past `staleMs` can have been taken over; then remove it only if still ours.
      if (Date.now() - acquired >= policy.staleMs && (await readFile(file, 'utf8').catch(() => undefined)) !== text) return;
      await unlink(file).catch(() => {});
    },
  };
}
