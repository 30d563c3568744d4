import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../services';
import { acquireLock, type LockPolicy } from './holder-lock';

/** What a lock in the memory root guards: the memory file, decisions on proposals, a refresh run. */
export type RootLockName = 'memory' | 'decisions' | 'refresh';

/**
 * Lock files in the memory root. The `~$` prefix is the one of Office's owner files, which
 * OneDrive, Dropbox and Google Drive do not upload: the lock serializes hosts that share the
 * folder itself (two `memsync serve` on one machine, machines on one NAS), while copies of the
 * folder on other machines meet only through the compare-and-swap on the memory's hash. A client
 * that does carry one over finds the holder named in it, and it expires in seconds. Nothing here
 * looks like a conflict copy of GLOBAL_MEMORY.md (cloud-files.ts).
 */
export const ROOT_LOCK_PREFIX = '~$memsync-';
export const rootLockFile = (root: string, name: RootLockName) => path.join(root, `${ROOT_LOCK_PREFIX}${name}.lock`);

const ROOT_WHAT: Record<RootLockName, string> = { memory: 'GLOBAL_MEMORY.md', decisions: 'The proposals', refresh: 'A refresh' };

export interface LockTimes {
  /** Per-machine locks (notes log, usage log, target records): stale after (10 s). */
  localStaleMs?: number;
  /** Memory-root locks: stale after (5 s); a copy synced over from elsewhere blocks no longer. */
  rootStaleMs?: number;
  /** How long a caller waits for a live holder before "busy" (30 s). */
  maxWaitMs?: number;
}

/**
 * Mutual exclusion for files, within this process (calls queue up in order) and across processes
 * through lock files that name their holder (holder-lock.ts): a lock left by a process that died
 * on this machine is taken over at once, one from elsewhere once it is stale. Per-machine locks
 * live in the user-data folder (a lock next to a notes log would be uploaded to every machine);
 * the memory root's own locks live in the root (`withRootLock`).
 */
export class FileLocks {
  readonly #dir: string;
  readonly #local = new Map<string, Promise<unknown>>();
  readonly #logger: Logger | undefined;
  readonly #times: Required<LockTimes>;

  constructor(userDataDir: string, logger?: Logger, times: LockTimes = {}) {
    this.#dir = path.join(userDataDir, 'locks');
    this.#logger = logger;
    this.#times = { localStaleMs: 10_000, rootStaleMs: 5_000, maxWaitMs: 30_000, ...times };
  }

  /** Runs `fn` while holding this machine's lock for `file`. */
  async withLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
    const name = createHash('sha1').update(path.resolve(file)).digest('hex').slice(0, 16);
    const lockFile = path.join(this.#dir, `${name}.lock`);
    const policy = { staleMs: this.#times.localStaleMs, maxWaitMs: this.#times.maxWaitMs, what: path.basename(file), mode: 0o600 };
    return this.#serialized(lockFile, async () => {
      await mkdir(this.#dir, { recursive: true, mode: 0o700 });
      return this.#held(lockFile, policy, fn);
    });
  }

  /**
   * Runs `fn` while holding the memory root's lock `name`, shared by every host using this folder.
   * The root must exist (a vanished folder is never recreated here). `maxWaitMs` for work that
   * waits on a long holder (a refresh waits for another host's API call).
   */
  async withRootLock<T>(root: string, name: RootLockName, fn: () => Promise<T>, options: { maxWaitMs?: number } = {}): Promise<T> {
    const lockFile = rootLockFile(root, name);
    const policy: LockPolicy = { staleMs: this.#times.rootStaleMs, maxWaitMs: options.maxWaitMs ?? this.#times.maxWaitMs, what: ROOT_WHAT[name] };
    return this.#serialized(lockFile, () => this.#held(lockFile, policy, fn));
  }

  async #held<T>(lockFile: string, policy: LockPolicy, fn: () => Promise<T>): Promise<T> {
    const lock = await acquireLock(lockFile, policy, this.#logger);
    try {
      return await fn();
    } finally {
      await lock.release();
    }
  }

  /** Calls for the same lock queue up in order within this process. */
  async #serialized<T>(key: string, run: () => Promise<T>): Promise<T> {
    const previous = this.#local.get(key) ?? Promise.resolve();
    const mine = previous.catch(() => {}).then(run);
    const tail = mine.catch(() => {});
    this.#local.set(key, tail);
    try {
      return await mine;
    } finally {
      // The last caller in the queue removes it, so the map does not grow.
      if (this.#local.get(key) === tail) this.#local.delete(key);
    }
  }
}
