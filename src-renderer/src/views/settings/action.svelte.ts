import { app, errorMessage } from '../../lib/app.svelte';

/**
 * One control's save: busy while it runs, its error in words (shown next to the control), and a
 * "Saved" toast when it worked.
 */
export class Action {
  busy = $state(false);
  problem = $state<string | null>(null);

  async run(work: () => Promise<unknown>, done: string | null = 'Saved'): Promise<boolean> {
    this.busy = true;
    this.problem = null;
    try {
      await work();
      if (done) app.toast(done);
      return true;
    } catch (error) {
      this.problem = errorMessage(error);
      return false;
    } finally {
      this.busy = false;
    }
  }

  fail(message: string): void {
    this.problem = message;
  }

  clear(): void {
    this.problem = null;
  }
}

/** A whole number within bounds, or the sentence that says what is wrong. */
export function wholeNumber(text: string, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number | string {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return `${what} must be a whole number.`;
  const n = Number(t);
  if (n < min || n > max) return `${what} must be between ${min} and ${max}.`;
  return n;
}
