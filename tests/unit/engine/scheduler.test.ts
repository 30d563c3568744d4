import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-main/engine';
import { RefreshScheduler } from '../../../src-main/engine/refresh/scheduler';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

let home: TempHome;
let scheduler: RefreshScheduler | undefined;
let stateFile: string;
let now: Date;
let runs: string[];
let outcome: boolean;
/** Wakes whoever waits for a run (see `ran`). */
let onRun: () => void = () => {};
/** Resolves once a run with `reason` happened: an event, not a poll with a deadline. */
const ran = (reason: string) =>
  new Promise<void>((resolve) => {
    if (runs.includes(reason)) resolve();
    else onRun = () => runs.includes(reason) && resolve();
  });

const DAY = 24 * 60 * 60 * 1000;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function start(cron: string, wakeCheckMs = 30): Promise<void> {
  scheduler = new RefreshScheduler({
    cron: () => cron,
    run: async (reason) => {
      runs.push(reason);
      onRun();
      return outcome;
    },
    stateFile,
    clock: { now: () => now },
    logger: silentLogger,
    onChange: () => {},
    wakeCheckMs,
  });
  return scheduler.start();
}

const lastRun = async () => (JSON.parse(await readFile(stateFile, 'utf8')) as { lastRun: string }).lastRun;

beforeEach(async () => {
  home = await makeTempHome();
  stateFile = path.join(home.home, 'refresh-schedule.json');
  // 09:00 today: the real timer's next 23:55 (node-schedule reads the real clock) is always later
  // than a retry 15 minutes after it.
  now = new Date();
  now.setHours(9, 0, 0, 0);
  runs = [];
  outcome = true;
});
afterEach(async () => {
  scheduler?.stop();
  await home.cleanup();
});

describe('the refresh schedule', () => {
  it('a first start records the moment and runs nothing (nothing was missed)', async () => {
    await start('55 23 * * *');
    await wait(100);
    expect(runs).toEqual([]);
    expect(await lastRun()).toBe(now.toISOString());
  });

  it('a run missed while the machine was off happens at start, once', async () => {
    await writeFile(stateFile, JSON.stringify({ lastRun: new Date(now.getTime() - 2 * DAY).toISOString() }));
    await start('55 23 * * *');
    await ran('catch-up');
    expect(runs).toEqual(['catch-up']);
    await wait(100);
    expect(runs).toEqual(['catch-up']);
    expect(await lastRun()).toBe(now.toISOString());
  });

  it('a run missed while the machine slept happens soon after wake, once', async () => {
    await start('55 23 * * *');
    await wait(100);
    expect(runs).toEqual([]);
    // The laptop slept through 23:55: the wall clock jumps, timers did not count the sleep.
    now = new Date(now.getTime() + DAY);
    await ran('catch-up');
    expect(runs).toEqual(['catch-up']);
    await wait(150);
    expect(runs).toEqual(['catch-up']);
  });

  it('a run missed while asleep happens as soon as the host hears the machine wake', async () => {
    await start('55 23 * * *', 3_600_000); // the coarse wall-clock check would come an hour later
    now = new Date(now.getTime() + DAY);
    await scheduler!.checkMissed();
    await ran('catch-up');
    expect(runs).toEqual(['catch-up']);
    await scheduler!.checkMissed();
    await wait(50);
    expect(runs).toEqual(['catch-up']);
  });

  it('a failed run is retried later, not again at every wake check', async () => {
    await writeFile(stateFile, JSON.stringify({ lastRun: new Date(now.getTime() - 2 * DAY).toISOString() }));
    outcome = false;
    await start('55 23 * * *');
    await ran('catch-up');
    expect(runs).toEqual(['catch-up']);
    await wait(150);
    expect(runs).toEqual(['catch-up']);
    expect(scheduler!.nextRunAt()!.getTime()).toBe(now.getTime() + 15 * 60_000);
  });

  it('the timer runs a slot that is due, and skips one the wake check already ran', async () => {
    now = new Date();
    await start('* * * * * *', 60_000); // every second; no wake check in the way
    // Real time moves on (the clock is read per call): the next second's slot is due.
    const clock = setInterval(() => (now = new Date()), 20);
    try {
      await ran('scheduled');
    } finally {
      clearInterval(clock);
    }
    // Time stands still now, as if a catch-up had just run for the current slot: a late timer
    // firing for it runs nothing.
    const count = runs.length;
    await writeFile(stateFile, JSON.stringify({ lastRun: now.toISOString() }));
    await wait(1500);
    expect(runs.length).toBe(count);
  });

  it('an unusable cron expression is a problem in words, and nothing is scheduled', async () => {
    await start('every night');
    expect(scheduler!.problem).toMatch(/"every night" is not a valid cron expression/);
    expect(scheduler!.nextRunAt()).toBeNull();
  });
});
