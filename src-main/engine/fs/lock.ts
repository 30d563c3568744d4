import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import type { Logger } from '../services';

/**
 * Mutual exclusion for a file, within this process and across processes on this machine (the tray
 * app and `memsync serve` may both run). Lock directories live in the per-machine user-data folder,
 * never next to the file: a lock inside the sync folder would be uploaded to other machines.
 * proper-lockfile keeps the lock fresh while held and breaks it when its holder died (stale).
 */
export class FileLocks {
  readonly #dir: string;
  readonly #local = new Map<string, Promise<unknown>>();

  readonly #logger: Logger | undefined;

  constructor(userDataDir: string, logger?: Logger) {
    this.#dir = path.join(userDataDir, 'locks');
    this.#logger = logger;
  }

  /** Runs `fn` while holding the lock for `file`; calls for the same file queue up in order. */
  async withLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
    const key = path.resolve(file);
    const previous = this.#local.get(key) ?? Promise.resolve();
    const run = previous.catch(() => {}).then(() => this.#crossProcess(key, fn));
    const tail = run.catch(() => {});
    this.#local.set(key, tail);
    try {
      return await run;
    } finally {
      // The last caller in the queue removes it, so the map does not grow.
      if (this.#local.get(key) === tail) this.#local.delete(key);
    }
  }

  async #crossProcess<T>(file: string, fn: () => Promise<T>): Promise<T> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const name = createHash('sha1').update(file).digest('hex').slice(0, 16);
    const anchor = path.join(this.#dir, name);
    const release = await lockfile.lock(anchor, {
      realpath: false,
      lockfilePath: `${anchor}.lock`,
      stale: 10_000,
      retries: { retries: 200, minTimeout: 5, maxTimeout: 100, factor: 1.5 },
      // The default throws from a timer (an uncaught exception) when the event loop stalled past
      // `stale` and another process took the lock over. The work under it is atomic writes and
      // fsync'd appends, so it is logged, not fatal.
      onCompromised: (error) => this.#logger?.warn('a file lock was taken over while held', { file, error }),
    });
    try {
      return await fn();
    } finally {
      await release().catch(() => {});
    }
  }
}
