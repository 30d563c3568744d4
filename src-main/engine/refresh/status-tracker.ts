import type { EngineEvent } from '../../../src-shared/contract/events';
import type { RefreshStatus } from '../../../src-shared/contract/proposals';
import { inBackground } from '../logger';
import type { NotesService } from '../notes/service';
import type { Logger } from '../services';
import { Throttle } from '../throttle';
import type { RefreshService } from './service';

export interface RefreshStatusTrackerOptions {
  refresh: RefreshService;
  notes: NotesService;
  /** The next scheduled (or retry) run. */
  nextRunAt: () => Date | null;
  /** Whether the memory folder can be read now (no folder: nothing waits). */
  rootUsable: () => boolean;
  /** The status changed: the engine announces it (it skips an announcement that changes nothing). */
  announce: () => void;
  /** False before the engine starts and once it stops: nothing is read then. */
  active: () => boolean;
  logger: Logger;
}

/** Recounting reads the notes log and every proposal, so it runs at most once a second. */
const RECOUNT_MS = 1000;
/** A burst of notes (a phone shortcut, an inbox folder syncing in) is announced a few times a second, not per note. */
const ANNOUNCE_MS = 250;

const EMPTY: RefreshStatus = { running: false, lastRunAt: null, lastOutcome: null, lastError: null, pendingProposal: null, unmergedNotes: 0, nextRunAt: null };

/**
 * The refresh part of the engine's status: notes waiting, the proposal waiting, the last and next
 * run. The window's badges come from it, so it must change together with the lists they count:
 * a new note is counted from its event at once, and anything else (notes merged, dismissed or
 * synced in from another machine, a proposal decided) is recounted from disk on the first event
 * and at most once a second after that.
 */
export class RefreshStatusTracker {
  readonly #o: RefreshStatusTrackerOptions;
  #status: RefreshStatus = EMPTY;
  /** Which recount is the latest: an older one finishing later must not overwrite it. */
  #generation = 0;
  readonly #recount: Throttle;
  readonly #announceSoon: Throttle;

  constructor(options: RefreshStatusTrackerOptions) {
    this.#o = options;
    this.#recount = new Throttle(() => inBackground(options.logger, 'updating the refresh status', this.recount()), RECOUNT_MS);
    this.#announceSoon = new Throttle(() => options.announce(), ANNOUNCE_MS);
  }

  /** The counts as last read, with the run state as it is right now. */
  get current(): RefreshStatus {
    return { ...this.#status, ...this.#o.refresh.state() };
  }

  /** An engine event: what follows from it changes now; what has to be read from disk, soon. */
  onEvent(event: EngineEvent): void {
    if (!this.#o.active()) return;
    if (event.type === 'note-added') {
      // A stored note is a waiting note. The recount that follows (the notes log changed) checks it.
      if (event.note.state === 'unmerged') this.#status = { ...this.#status, unmergedNotes: this.#status.unmergedNotes + 1 };
      this.#announceSoon.request();
      this.#recount.request('trailing');
    } else if (event.type === 'notes-changed' || event.type === 'proposal' || event.type === 'refresh') {
      this.#recount.request();
    }
  }

  /** A run started or ended, or the schedule changed. */
  changed(): void {
    if (this.#o.active()) this.#recount.request();
  }

  /** Reads everything again now (at start; otherwise through the throttle). */
  async recount(): Promise<void> {
    const generation = ++this.#generation;
    await this.#o.refresh.loadLastRun().catch((error: unknown) => this.#o.logger.warn('the last refresh run could not be read', { error }));
    let pending: string | null = null;
    let unmerged = 0;
    if (this.#o.rootUsable()) {
      const [proposals, notes] = await Promise.all([
        this.#o.refresh.proposals().list().catch(() => []),
        this.#o.notes.unmerged().catch(() => []),
      ]);
      pending = proposals.find((p) => p.state === 'pending')?.id ?? null;
      unmerged = notes.length;
    }
    if (generation !== this.#generation) return;
    this.#status = { ...this.#o.refresh.state(), pendingProposal: pending, unmergedNotes: unmerged, nextRunAt: this.#o.nextRunAt()?.toISOString() ?? null };
    this.#o.announce();
  }

  stop(): void {
    this.#recount.cancel();
    this.#announceSoon.cancel();
    this.#generation++;
  }
}
