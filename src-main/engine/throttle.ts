/**
 * Runs `work` at once when it is asked for after a quiet spell (the leading edge), and at most
 * once more at the end of each `windowMs` however often it is asked for meanwhile (the trailing
 * edge). So the first change of a burst shows immediately and the rest cost one run per window,
 * unlike a debounce, which makes every single change wait.
 */
export class Throttle {
  readonly #work: () => void;
  readonly #windowMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending = false;

  constructor(work: () => void, windowMs: number) {
    this.#work = work;
    this.#windowMs = windowMs;
  }

  /** Asks for a run: now when idle (`trailing`: never now, at the end of a window instead). */
  request(edge: 'leading' | 'trailing' = 'leading'): void {
    this.#pending = true;
    if (this.#timer) return;
    this.#open();
    if (edge === 'leading') this.#run();
  }

  /** Forgets a run that was asked for (the engine stops). */
  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = false;
  }

  #run(): void {
    this.#pending = false;
    this.#work();
  }

  #open(): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (!this.#pending) return;
      this.#open();
      this.#run();
    }, this.#windowMs);
    this.#timer.unref?.();
  }
}
