import { watch, type FSWatcher } from 'chokidar';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../services';

export interface DriftWatcherOptions {
  /** The canonical file, or null while there is no usable memory root. */
  memoryFile: () => string | null;
  /** The files of enabled targets. */
  targetFiles: () => string[];
  onCanonicalChange: () => void;
  onTargetChange: (file: string) => void;
  /** The memory root appeared or vanished (drive offline, unmounted, back again). */
  onRootAvailability: (available: boolean) => void;
  logger: Logger;
  /** How often a vanished memory root is looked for (a timer, never a busy loop). */
  rootCheckMs?: number;
  /** How long a target must stay unchanged before it is checked (see #onEvent). */
  targetSettleMs?: number;
}

/** An agent rewriting its file in place (truncate, then write) is done well within this. */
export const TARGET_SETTLE_MS = 150;

/**
 * Watches the canonical memory and every enabled target with chokidar. The canonical file
 * changing (an edit, or the cloud client bringing another machine's version) re-renders the
 * targets; a target changing is checked against what we wrote (our own writes are recognized
 * there, by hash, so they never loop). chokidar also reports files that do not exist yet, so a
 * deleted target is noticed and recreated.
 */
export class DriftWatcher {
  readonly #o: DriftWatcherOptions;
  #watcher: FSWatcher | undefined;
  #watched = new Set<string>();
  #rootTimer: ReturnType<typeof setInterval> | undefined;
  #rootAvailable = true;
  readonly #settling = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(options: DriftWatcherOptions) {
    this.#o = options;
  }

  async start(): Promise<void> {
    this.#watcher = watch([], { ignoreInitial: true, atomic: true, followSymlinks: false, persistent: true });
    this.#watcher.on('all', (event, file) => this.#onEvent(event, file));
    this.#watcher.on('error', (error) => this.#onError(error as NodeJS.ErrnoException));
    this.refresh();
    await new Promise<void>((resolve) => this.#watcher!.once('ready', () => resolve()));
    const interval = this.#o.rootCheckMs ?? 5000;
    this.#rootTimer = setInterval(() => void this.#checkRoot(), interval);
    this.#rootTimer.unref();
  }

  /** Re-reads which files to watch (targets enabled or disabled, memory root changed). */
  refresh(): void {
    if (!this.#watcher) return;
    const memory = this.#o.memoryFile();
    const wanted = new Set([...(memory ? [memory] : []), ...this.#o.targetFiles()].map((f) => path.resolve(f)));
    const add = [...wanted].filter((f) => !this.#watched.has(f));
    const remove = [...this.#watched].filter((f) => !wanted.has(f));
    if (remove.length) this.#watcher.unwatch(remove);
    if (add.length) this.#watcher.add(add);
    this.#watched = wanted;
  }

  async stop(): Promise<void> {
    if (this.#rootTimer) clearInterval(this.#rootTimer);
    for (const timer of this.#settling.values()) clearTimeout(timer);
    this.#settling.clear();
    await this.#watcher?.close();
    this.#watcher = undefined;
    this.#watched.clear();
  }

  /**
   * chokidar 6 (followSymlinks: false) reports a watched link that became a regular file as an
   * `EINVAL readlink` error (memsync (Python) and we swap link and copy): that is a change of the
   * file, not a fault, so it is checked like one.
   */
  #onError(error: NodeJS.ErrnoException): void {
    if (error.code === 'EINVAL' && error.syscall === 'readlink' && typeof error.path === 'string') {
      this.#o.logger.debug('a watched link became a file', { file: error.path });
      this.#onEvent('change', error.path);
      return;
    }
    this.#o.logger.warn('file watcher error', { error });
  }

  #onEvent(event: string, file: string): void {
    if (event !== 'add' && event !== 'change' && event !== 'unlink') return;
    const resolved = path.resolve(file);
    if (!this.#watched.has(resolved)) return; // siblings seen while chokidar watches a parent folder
    const memory = this.#o.memoryFile();
    if (memory && resolved === path.resolve(memory)) {
      // A deleted memory is a change too: the status then says where it still exists.
      if (event === 'unlink') void this.#checkRoot();
      this.#o.onCanonicalChange();
      return;
    }
    // A target is checked once it has been quiet for a moment: an agent that rewrites its file in
    // place is seen empty or half-written in between, and replacing it then would lose its edit
    // (its remaining writes would go to the replaced file).
    clearTimeout(this.#settling.get(resolved));
    const timer = setTimeout(() => {
      this.#settling.delete(resolved);
      this.#o.onTargetChange(resolved);
    }, this.#o.targetSettleMs ?? TARGET_SETTLE_MS);
    timer.unref();
    this.#settling.set(resolved, timer);
  }

  /** Notices the memory root vanishing and coming back; re-renders when it returns. */
  async #checkRoot(): Promise<void> {
    const memory = this.#o.memoryFile();
    if (!memory) return;
    const available = await stat(path.dirname(memory)).then((s) => s.isDirectory(), () => false);
    if (available === this.#rootAvailable) return;
    this.#rootAvailable = available;
    this.#o.logger.info(available ? 'memory folder is back' : 'memory folder is unavailable', { folder: path.dirname(memory) });
    this.#o.onRootAvailability(available);
    if (available) {
      this.refresh();
      this.#o.onCanonicalChange();
    }
  }
}
