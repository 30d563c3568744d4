import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/**
 * Mutual exclusion for a file, within this process and across processes on this machine (the tray
 * app and `memsync serve` may both run). Lock directories live in the per-machine user-data folder,
 * never next to the file: a lock inside the sync folder would be uploaded to other machines.
 * proper-lockfile keeps the lock fresh while held and breaks it when its holder died (stale).
 */
export class FileLocks {
  readonly #dir: string;
  readonly #local = new Map<string, Promise<unknown>>();

  constructor(userDataDir: string) {
    this.#dir = path.join(userDataDir, 'locks');
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
    });
    try {
      return await fn();
    } finally {
      await release().catch(() => {});
    }
  }
}
