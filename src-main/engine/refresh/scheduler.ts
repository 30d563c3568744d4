import cronParser from 'cron-parser';
import schedule, { type Job } from 'node-schedule';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write';
import { inBackground } from '../logger';
import type { Clock, Logger } from '../services';

/** Waits after a failed scheduled run: 15 min, 30 min, 1 h, … up to 6 h, while notes wait. */
const RETRY_DELAYS_MIN = [15, 30, 60, 120, 240, 360];

export interface RefreshSchedulerOptions {
  /** The cron expression (local time); empty for no schedule. */
  cron: () => string;
  /** Runs a refresh; resolves true when it succeeded (or there was nothing to do). */
  run: (reason: 'scheduled' | 'catch-up' | 'retry') => Promise<boolean>;
  stateFile: string;
  clock: Clock;
  logger: Logger;
  onChange: () => void;
  /** How often the wall clock is compared with the schedule (to notice a missed run after sleep). */
  wakeCheckMs?: number;
}

/**
 * Timers do not count time spent asleep, so a laptop that sleeps through 23:55 would run the job
 * that much later (at 13:55, say). A coarse wall-clock check runs a missed slot soon after wake.
 */
const WAKE_CHECK_MS = 60_000;

/**
 * Merges notes on a schedule (memsync's nightly 23:55 by default). A run missed while the machine
 * slept or was off happens at the next start or soon after wake; a slot already run that way is
 * not run again when the late timer fires; a failed run is retried with growing pauses. Each
 * scheduled refresh takes the notes waiting at that moment; later notes wait for the next one.
 */
export class RefreshScheduler {
  readonly #o: RefreshSchedulerOptions;
  #job: Job | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #retryAt: Date | undefined;
  #wakeCheck: ReturnType<typeof setInterval> | undefined;
  #firing = false;
  #failures = 0;
  #problem: string | null = null;
  /** The expression the current job was made from (undefined before the first schedule). */
  #scheduled: string | undefined;

  constructor(options: RefreshSchedulerOptions) {
    this.#o = options;
  }

  /** A sentence when the schedule setting cannot be used. */
  get problem(): string | null {
    return this.#problem;
  }

  async start(): Promise<void> {
    this.reschedule();
    this.#wakeCheck = setInterval(() => inBackground(this.#o.logger, 'catch-up check', this.#catchUp(false)), this.#o.wakeCheckMs ?? WAKE_CHECK_MS);
    this.#wakeCheck.unref();
    await this.#catchUp(true);
  }

  /** Runs a slot missed while the machine slept, now (the host heard it wake), not at the next coarse check. */
  checkMissed(): Promise<void> {
    return this.#wakeCheck ? this.#catchUp(false) : Promise.resolve();
  }

  /** The latest slot of the schedule at or before now, when one was missed; undefined otherwise. */
  async #missedSlot(): Promise<Date | undefined> {
    const cron = this.#o.cron().trim();
    if (!cron || this.#problem) return undefined;
    const last = await this.#lastRun();
    if (!last) return undefined;
    const previous = cronParser.parseExpression(cron, { currentDate: this.#o.clock.now() }).prev().toDate();
    return last < previous ? previous : undefined;
  }

  /** Runs a missed slot now (at start, or after wake). A first start records "now": nothing was missed. */
  async #catchUp(atStart: boolean): Promise<void> {
    if (this.#firing || this.#retry) return; // a run or its retry already covers the notes
    if (atStart && !(await this.#lastRun()) && this.#o.cron().trim() && !this.#problem) {
      await this.#recordRun(this.#o.clock.now());
      return;
    }
    const missed = await this.#missedSlot();
    if (!missed) return;
    this.#o.logger.info('catching up a missed scheduled refresh', { missed: missed.toISOString(), atStart });
    inBackground(this.#o.logger, 'catch-up refresh', this.#fire('catch-up'));
  }

  /** Applies the current cron setting (after a settings change); nothing happens if it is the same. */
  reschedule(): void {
    const cron = this.#o.cron().trim();
    if (cron === this.#scheduled) return;
    this.#scheduled = cron;
    this.#job?.cancel();
    this.#job = undefined;
    this.#problem = null;
    if (!cron) return this.#o.onChange();
    try {
      cronParser.parseExpression(cron);
      this.#job = schedule.scheduleJob(cron, () => inBackground(this.#o.logger, 'scheduled refresh', this.#onSlot())) ?? undefined;
      if (!this.#job) throw new Error('never runs');
    } catch (error) {
      this.#problem = `The refresh schedule "${cron}" is not a valid cron expression (${(error as Error).message}); notes are merged only when you ask.`;
    }
    this.#o.onChange();
  }

  nextRunAt(): Date | null {
    // node-schedule's types say Date; at run time it is a CronDate with toDate() (or a Date).
    const raw = this.#job?.nextInvocation() as (Date & { toDate?: () => Date }) | null | undefined;
    const next = raw ? (raw.toDate?.() ?? new Date(raw)) : null;
    if (this.#retryAt && (!next || this.#retryAt < next)) return this.#retryAt;
    return next;
  }

  /** The timer fired. After a sleep it fires late, for a slot the wake check may have run already. */
  async #onSlot(): Promise<void> {
    if (this.#firing) return;
    if (!(await this.#missedSlot())) {
      this.#o.logger.info('scheduled refresh skipped: this slot already ran (caught up after wake)');
      return;
    }
    await this.#fire('scheduled');
  }

  stop(): void {
    if (this.#wakeCheck) clearInterval(this.#wakeCheck);
    this.#wakeCheck = undefined;
    this.#job?.cancel();
    this.#job = undefined;
    this.#scheduled = undefined;
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = undefined;
  }

  async #fire(reason: 'scheduled' | 'catch-up' | 'retry'): Promise<void> {
    if (this.#firing) return;
    this.#firing = true;
    try {
      if (this.#retry) clearTimeout(this.#retry);
      this.#retry = undefined;
      this.#retryAt = undefined;
      let ok = false;
      try {
        ok = await this.#o.run(reason);
      } catch (error) {
        this.#o.logger.warn('scheduled refresh failed', { reason, error });
      }
      if (ok) {
        this.#failures = 0;
        await this.#recordRun(this.#o.clock.now());
      } else {
        const minutes = RETRY_DELAYS_MIN[Math.min(this.#failures, RETRY_DELAYS_MIN.length - 1)]!;
        this.#failures++;
        this.#retryAt = new Date(this.#o.clock.now().getTime() + minutes * 60_000);
        this.#retry = setTimeout(() => inBackground(this.#o.logger, 'refresh retry', this.#fire('retry')), minutes * 60_000);
        this.#retry.unref();
      }
    } finally {
      // Only now: a wake check in between would still read the old last run and fire again.
      this.#firing = false;
    }
    this.#o.onChange();
  }

  async #lastRun(): Promise<Date | undefined> {
    try {
      const { lastRun } = JSON.parse(await readFile(this.#o.stateFile, 'utf8')) as { lastRun?: string };
      const date = lastRun ? new Date(lastRun) : undefined;
      return date && !Number.isNaN(date.getTime()) ? date : undefined;
    } catch {
      return undefined;
    }
  }

  async #recordRun(at: Date): Promise<void> {
    await writeFileAtomic(this.#o.stateFile, `${JSON.stringify({ lastRun: at.toISOString() })}\n`).catch(() => {});
  }

  static stateFile(userDataDir: string): string {
    return path.join(userDataDir, 'refresh-schedule.json');
  }
}
