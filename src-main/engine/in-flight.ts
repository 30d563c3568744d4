/**
 * Work the engine has accepted and not finished (a note being appended, a memory save, a
 * decision on a proposal). Stopping waits for it, so quitting the tray app never drops a write
 * it had already started.
 */
export class InFlight {
  readonly #pending = new Set<Promise<unknown>>();

  /** Runs `work` and counts it until it settles; its result (or error) passes through unchanged. */
  track<T>(work: () => Promise<T>): Promise<T> {
    const running = Promise.resolve().then(work);
    const settled = running.then(
      () => {},
      () => {},
    );
    this.#pending.add(settled);
    void settled.then(() => this.#pending.delete(settled));
    return running;
  }

  get size(): number {
    return this.#pending.size;
  }

  /** Resolves once nothing is in flight, including work that started while waiting. */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all(this.#pending);
  }
}
