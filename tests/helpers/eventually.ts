import type { Engine } from '../../src-main/engine';

/**
 * Runs `assertion` until it passes, again after each event the engine announces (a target
 * written, a status change, an outside edit, a note). It never gives up on a timer, so a loaded
 * machine cannot fail it: the test's own timeout is the only bound, where `expect.poll` gave up
 * after one second ("Matcher did not succeed in time"). What it waits for is the engine's own
 * work, and every such piece of work ends in an event.
 */
export async function eventually(engine: Engine, assertion: () => unknown): Promise<void> {
  let changed: boolean | undefined;
  let wake: () => void = () => {};
  const off = engine.onEvent(() => {
    changed = true;
    wake();
  });
  try {
    for (;;) {
      changed = false;
      try {
        await assertion();
        return;
      } catch (error) {
        // An event during the attempt may have made it true already: try again at once.
        if (!changed) await new Promise<void>((resolve) => (wake = resolve));
        if (!(error instanceof Error)) throw error;
      }
    }
  } finally {
    off();
  }
}
