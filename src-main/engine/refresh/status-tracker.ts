import type { EngineEvent } from '../../../src-shared/contract/events';
import type { RefreshStatus } from '../../../src-shared/contract/proposals';
import type { NotesService } from '../notes/service';
import type { Logger } from '../services';
import { damagedFileProblems } from '../file-problems';
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

/** A burst of new notes (a phone shortcut, an inbox folder syncing in) is checked against disk once a second. */
const RECONCILE_MS = 1000;
/** …and announced a few times a second, not once per note. */
const ANNOUNCE_MS = 250;

const EMPTY: RefreshStatus = { running: false, lastRunAt: null, lastOutcome: null, lastError: null, pendingProposal: null, unmergedNotes: 0, nextRunAt: null };

/**
 * The refresh part of the engine's status: notes waiting, the proposal waiting, the last and next
 * run. The window's badges come from it, so it changes together with the lists they count. What
 * an event says is applied at once: a stored note is one more waiting, a proposal event names the
 * proposal waiting (or no longer waiting). What an event cannot say (which notes were merged,
 * dismissed, or synced in from another machine) is recounted from disk right away, one recount at
 * a time; new notes, which can arrive by the thousand, are recounted at most once a second.
 */
export class RefreshStatusTracker {
  readonly #o: RefreshStatusTrackerOptions;
  #status: RefreshStatus = EMPTY;
  /** Damaged proposal files and note headings, found while counting (in words, for the status). */
  #problems: string[] = [];
  /** Which recount is the latest: an older one finishing later must not overwrite it. */
  #generation = 0;
  #recounting = false;
  #recountAgain = false;
  readonly #reconcile: Throttle;
  readonly #announceSoon: Throttle;

  constructor(options: RefreshStatusTrackerOptions) {
    this.#o = options;
    this.#reconcile = new Throttle(() => this.#requestRecount(), RECONCILE_MS);
    this.#announceSoon = new Throttle(() => options.announce(), ANNOUNCE_MS);
  }

  /** The counts as last read, with the run state as it is right now. */
  get current(): RefreshStatus {
    return { ...this.#status, ...this.#o.refresh.state() };
  }

  /** What the last recount found damaged: proposal files that cannot be read, broken note headings. */
  get problems(): string[] {
    return this.#problems;
  }

  /** An engine event: what it says changes the status now; what it cannot say is read from disk. */
  onEvent(event: EngineEvent): void {
    if (!this.#o.active()) return;
    if (event.type === 'note-added') {
      if (event.note.state === 'unmerged') this.#status = { ...this.#status, unmergedNotes: this.#status.unmergedNotes + 1 };
      this.#announceSoon.request();
      this.#reconcile.request('trailing');
    } else if (event.type === 'proposal') {
      const { id, state } = event.proposal;
      const waiting = this.#status.pendingProposal;
      const pending = state === 'pending' ? id : waiting === id ? null : waiting;
      if (pending !== waiting) {
        this.#status = { ...this.#status, pendingProposal: pending };
        this.#o.announce();
      }
      this.#requestRecount();
    } else if (event.type === 'notes-changed' || event.type === 'refresh') {
      this.#requestRecount();
    }
  }

  /** A run started or ended, or the schedule changed. */
  changed(): void {
    if (this.#o.active()) this.#requestRecount();
  }

  /** Reads the counts from disk now (at start; otherwise one at a time, through the events). */
  async recount(): Promise<void> {
    const generation = ++this.#generation;
    await this.#o.refresh.loadLastRun().catch((error: unknown) => this.#o.logger.warn('the last refresh run could not be read', { error }));
    let pending: string | null = null;
    let unmerged = 0;
    let problems: string[] = [];
    if (this.#o.rootUsable()) {
      const [scan, notes] = await Promise.all([
        this.#o.refresh.proposals().scan().catch(() => ({ proposals: [], damaged: [] })),
        this.#o.notes.unmerged().catch(() => []),
      ]);
      pending = scan.proposals.find((p) => p.state === 'pending')?.id ?? null;
      unmerged = notes.length;
      problems = damagedFileProblems(scan.damaged, await this.#o.notes.damagedHeadings().catch(() => []));
    }
    if (generation !== this.#generation) return;
    this.#problems = problems;
    this.#status = { ...this.#o.refresh.state(), pendingProposal: pending, unmergedNotes: unmerged, nextRunAt: this.#o.nextRunAt()?.toISOString() ?? null };
    this.#o.announce();
  }

  stop(): void {
    this.#reconcile.cancel();
    this.#announceSoon.cancel();
    this.#generation++;
    this.#recountAgain = false;
  }

  /** Starts a recount, or (one is running) one more after it: changes meanwhile are all in that one. */
  #requestRecount(): void {
    if (this.#recounting) {
      this.#recountAgain = true;
      return;
    }
    this.#recounting = true;
    void this.recount()
      .catch((error: unknown) => this.#o.logger.warn('the refresh status could not be updated', { error }))
      .finally(() => {
        this.#recounting = false;
        if (this.#recountAgain && this.#o.active()) {
          this.#recountAgain = false;
          this.#requestRecount();
        }
      });
  }
}
