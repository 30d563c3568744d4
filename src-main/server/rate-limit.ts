/**
 * A token bucket per client: `perMinute` requests a minute on average, bursts of up to a quarter
 * of that. Idle buckets are dropped so the table cannot grow without bound.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  #lastSweep = 0;

  /** True when the request may go ahead; otherwise the seconds until it may. */
  take(key: string, perMinute: number, now = Date.now()): true | number {
    const capacity = Math.max(1, Math.ceil(perMinute / 4));
    const refillPerMs = perMinute / 60_000;
    // Sweep before the lookup, so the bucket charged below is the one kept in the table.
    if (now - this.#lastSweep > 60_000) this.#sweep(now, capacity, refillPerMs);
    const bucket = this.#buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * refillPerMs);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return true;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
  }

  #sweep(now: number, capacity: number, refillPerMs: number): void {
    this.#lastSweep = now;
    for (const [key, b] of this.#buckets) {
      if (b.tokens + (now - b.at) * refillPerMs >= capacity) this.#buckets.delete(key);
    }
  }
}

export function isLoopbackAddress(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1' || (address?.startsWith('127.') ?? false);
}
