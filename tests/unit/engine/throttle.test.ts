import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Throttle } from '../../../src-main/engine/throttle';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Throttle', () => {
  it('runs the first request at once and coalesces the rest of a burst into one run at the end of the window', () => {
    const work = vi.fn();
    const throttle = new Throttle(work, 1000);
    throttle.request();
    expect(work).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 50; i++) throttle.request();
    expect(work).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(999);
    expect(work).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(work).toHaveBeenCalledTimes(2);
    // Nothing asked for since: the next window passes without a run, and the one after starts at once.
    vi.advanceTimersByTime(5000);
    expect(work).toHaveBeenCalledTimes(2);
    throttle.request();
    expect(work).toHaveBeenCalledTimes(3);
  });

  it('a steady stream runs once per window', () => {
    const work = vi.fn();
    const throttle = new Throttle(work, 100);
    for (let t = 0; t < 1000; t += 10) {
      throttle.request();
      vi.advanceTimersByTime(10);
    }
    expect(work.mock.calls.length).toBeGreaterThanOrEqual(10);
    expect(work.mock.calls.length).toBeLessThanOrEqual(11);
  });

  it('a trailing request waits for the end of the window, and cancel forgets it', () => {
    const work = vi.fn();
    const throttle = new Throttle(work, 200);
    throttle.request('trailing');
    expect(work).not.toHaveBeenCalled();
    vi.advanceTimersByTime(200);
    expect(work).toHaveBeenCalledTimes(1);
    throttle.request('trailing');
    throttle.cancel();
    vi.advanceTimersByTime(1000);
    expect(work).toHaveBeenCalledTimes(1);
  });
});
