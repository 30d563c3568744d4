import type { Logger, Clock } from '../services';
import { inBackground } from '../logger';
import { pruneBackups } from './backups';

/** How often old backups are looked for while a host runs (and once at start). */
const PRUNE_EVERY_MS = 6 * 60 * 60 * 1000;
/**
 * Automatic pruning never takes the newest backups, whatever their age: with keep_days 0 (or a
 * memory unchanged for months) the last versions must still be there to go back to. `memsync
 * prune` run by hand is memsync's and removes by age alone.
 */
export const AUTO_PRUNE_KEEPS_NEWEST = 10;

export interface BackupPrunerOptions {
  /** The backups folder of the usable memory root, or undefined while there is none. */
  backupsDir: () => string | undefined;
  keepDays: () => number;
  clock: Clock;
  logger: Logger;
  everyMs?: number;
}

/**
 * Keeps `backups/` from growing without end (every save from the editor adds one): backups older
 * than `backups.keepDays` go, at start and every few hours. Every machine may prune; removing by
 * the time in the name gives each the same answer.
 */
export class BackupPruner {
  readonly #o: BackupPrunerOptions;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: BackupPrunerOptions) {
    this.#o = options;
  }

  start(): void {
    const run = () => inBackground(this.#o.logger, 'pruning backups', this.pruneNow());
    run();
    this.#timer = setInterval(run, this.#o.everyMs ?? PRUNE_EVERY_MS);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Removes what is due now; returns the names removed. */
  async pruneNow(): Promise<string[]> {
    const dir = this.#o.backupsDir();
    if (!dir) return [];
    const removed = await pruneBackups(dir, this.#o.keepDays(), this.#o.clock.now(), false, AUTO_PRUNE_KEEPS_NEWEST);
    if (removed.length) this.#o.logger.info('old backups removed', { count: removed.length, keepDays: this.#o.keepDays() });
    return removed;
  }
}
