import path from 'node:path';
import type { Logger } from './services';
import type { MemoryService } from './memory/service';
import type { Inbox } from './notes/inbox';
import type { NotesLogWatcher } from './notes/log-watcher';
import type { RefreshScheduler } from './refresh/scheduler';
import type { RefreshStatusTracker } from './refresh/status-tracker';

export interface WatchParts {
  memory: MemoryService;
  inbox: Inbox;
  notesWatcher: NotesLogWatcher;
  scheduler: RefreshScheduler;
  refreshStatus: RefreshStatusTracker;
  logger: Logger;
  /** The engine watches files at all (hosts; not one-shot CLI commands). */
  watch: boolean;
  /** The engine is running (a pause or catch-up while starting or stopping waits for nothing). */
  running: () => boolean;
  announce: () => void;
}

/**
 * Pausing and resuming the live watching (the tray's Pause watching / Resume), and catching up
 * after the machine slept or the screen was locked, when file events may have been missed. A
 * pause stops the watchers only: what the person does (a save, an approval, Sync now) still
 * reaches agents' files, and notes are still stored. Not persisted: a restart watches again.
 */
export class WatchControl {
  readonly #p: WatchParts;
  #paused = false;
  /** One change at a time, in order (a Pause clicked twice, a wake during a resume). */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(parts: WatchParts) {
    this.#p = parts;
  }

  get paused(): boolean {
    return this.#paused;
  }

  setPaused(paused: boolean): Promise<void> {
    return this.#serial(async () => {
      if (paused === this.#paused || !this.#p.watch) return;
      this.#paused = paused;
      if (paused) {
        await this.#p.memory.pauseWatching();
        await this.#p.inbox.stop();
        this.#p.notesWatcher.stop();
        this.#p.logger.info('watching paused');
      } else {
        await this.#p.memory.resumeWatching();
        await this.#watchNotes();
        await this.#p.refreshStatus.recount();
        this.#p.logger.info('watching resumed');
      }
      this.#p.announce();
    });
  }

  /** After a wake or unlock: every file is looked at again, a missed scheduled merge runs. */
  catchUp(reason: string): Promise<void> {
    return this.#serial(async () => {
      if (!this.#p.running()) return;
      this.#p.logger.info('catching up', { reason });
      if (this.#p.watch && !this.#paused) {
        await this.#p.memory.catchUp();
        // The inbox folder is read again from the start: a file that arrived while asleep is taken.
        await this.#p.inbox.stop();
        await this.#watchNotes();
      }
      await this.#p.scheduler.checkMissed();
      await this.#p.refreshStatus.recount();
    });
  }

  async #watchNotes(): Promise<void> {
    const root = this.#p.memory.usableRoot();
    const usable = typeof root === 'string' ? root : null;
    await this.#p.inbox.watch(usable ? path.join(usable, 'inbox') : null);
    await this.#p.notesWatcher.watch(usable);
  }

  #serial(step: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(step);
    this.#queue = next.catch(() => {});
    return next;
  }
}
