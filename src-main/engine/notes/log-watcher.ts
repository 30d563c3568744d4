import { watch, type FSWatcher } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../services';

/**
 * Tells the window when notes changed without it: `memsync note` in a terminal, the memsync
 * daemon, or another machine's log and merge records arriving through the cloud client. Plain
 * fs.watch on two folders (cheap even when notes arrive by the thousand), debounced.
 */
export class NotesLogWatcher {
  readonly #onChange: () => void;
  readonly #logger: Logger;
  readonly #debounceMs: number;
  #watchers: FSWatcher[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #root: string | undefined;

  constructor(onChange: () => void, logger: Logger, debounceMs = 300) {
    this.#onChange = onChange;
    this.#logger = logger;
    this.#debounceMs = debounceMs;
  }

  async watch(memoryRoot: string | null): Promise<void> {
    if ((memoryRoot ?? undefined) === this.#root) return;
    this.stop();
    this.#root = memoryRoot ?? undefined;
    if (!memoryRoot) return;
    for (const name of ['sessions', 'notes-state']) {
      const dir = path.join(memoryRoot, name);
      try {
        await mkdir(dir, { recursive: true });
        const watcher = watch(dir, () => this.#changed());
        watcher.on('error', (error) => this.#logger.warn('notes folder watcher error', { dir, error }));
        this.#watchers.push(watcher);
      } catch (error) {
        this.#logger.warn('cannot watch the notes folder', { dir, error });
      }
    }
  }

  stop(): void {
    for (const w of this.#watchers) w.close();
    this.#watchers = [];
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#root = undefined;
  }

  #changed(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#onChange();
    }, this.#debounceMs);
    this.#timer.unref();
  }
}
