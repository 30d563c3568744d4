import { watch, type FSWatcher } from 'chokidar';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../../src-shared/contract/errors';
import type { Logger } from '../services';
import { fsyncDir } from '../fs/atomic-write';
import { decodeNoteBytes } from './note-bytes';
import type { NotesService } from './service';

/** The note id of an inbox file: from its name and bytes, so processing it twice stores it once. */
function inboxNoteId(name: string, bytes: Uint8Array): string {
  return `inbox-${createHash('sha256').update(name).update('\0').update(bytes).digest('hex').slice(0, 20)}`;
}

const NOTE_EXTENSIONS = new Set(['.md', '.txt']);
/** Names cloud clients and browsers use for files still arriving; they are left alone. */
const IN_FLIGHT = /(^\.|~$|\.(tmp|part|partial|crdownload|download|icloud)$)/i;

export type InboxOutcome = { file: string; result: 'note' | 'duplicate' | 'rejected' | 'waiting'; reason?: string };

/**
 * `<memory root>/inbox/`: a phone drops a .md or .txt file into the cloud folder (no open port
 * needed) and it becomes a note. The file is removed once the note is on disk: the note is stored
 * with its secrets removed, and the file, in a folder every machine syncs, would keep them raw. A
 * file processed twice (a crash in between) is stored once, because its note id comes from its
 * name and content. Junk goes to inbox/rejected/ with a .reason.txt beside it that says why in
 * words of its own, never quoting the file.
 */
export class Inbox {
  readonly #notes: NotesService;
  readonly #logger: Logger;
  readonly #maxBytes: () => number;
  #watcher: FSWatcher | undefined;
  #dir: string | undefined;
  #busy: Promise<unknown> = Promise.resolve();
  #problem: string | null = null;

  constructor(notes: NotesService, logger: Logger, maxBytes: () => number) {
    this.#notes = notes;
    this.#logger = logger;
    this.#maxBytes = maxBytes;
  }

  /** Why the inbox is not being watched, in words (shown with the status); null when it is fine. */
  get problem(): string | null {
    return this.#problem;
  }

  /**
   * Watches `dir` (or nothing when null); files already there are processed first. A folder that
   * cannot be used (a file named `inbox`, no permission) becomes `problem`, never a crash.
   */
  async watch(dir: string | null, stabilityMs = 1000): Promise<void> {
    if (dir === this.#dir) return;
    await this.stop();
    this.#dir = dir ?? undefined;
    this.#problem = null;
    if (!dir) return;
    try {
      await mkdir(dir, { recursive: true });
      if (!(await stat(dir)).isDirectory()) throw new Error('it is not a folder');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'EEXIST' ? 'a file has that name' : (error as Error).message;
      this.#problem = `The inbox ${dir} cannot be used (${reason}); files dropped there are not picked up.`;
      this.#logger.warn('inbox not watched', { dir, error });
      return;
    }
    // awaitWriteFinish: a file the cloud client is still writing changes size; wait until it settles.
    this.#watcher = watch(dir, {
      depth: 0,
      ignoreInitial: false,
      awaitWriteFinish: { stabilityThreshold: stabilityMs, pollInterval: Math.min(100, stabilityMs) },
      ignored: (p: string) => p !== dir && path.dirname(p) === dir && ['processed', 'rejected'].includes(path.basename(p)),
    });
    this.#watcher.on('add', (file) => void this.#enqueue(file));
    this.#watcher.on('change', (file) => void this.#enqueue(file));
    this.#watcher.on('error', (error) => this.#logger.warn('inbox watcher error', { error }));
    await new Promise<void>((resolve) => this.#watcher!.once('ready', () => resolve()));
    await this.#forgetProcessed(dir).catch((error: unknown) => this.#logger.warn('inbox/processed/ not cleaned', { error }));
  }

  async stop(): Promise<void> {
    await this.#watcher?.close();
    this.#watcher = undefined;
    this.#dir = undefined;
    await this.#busy.catch(() => {});
  }

  /** Processes every file now (used by `memsync notes` and tests); returns what happened. */
  async sweep(dir: string): Promise<InboxOutcome[]> {
    await this.#forgetProcessed(dir);
    const names = await readdir(dir).catch(() => [] as string[]);
    const outcomes: InboxOutcome[] = [];
    for (const name of names.sort()) {
      const file = path.join(dir, name);
      if ((await stat(file).catch(() => undefined))?.isFile()) outcomes.push(await this.process(file));
    }
    return outcomes;
  }

  #enqueue(file: string): Promise<unknown> {
    this.#busy = this.#busy.then(() => this.process(file)).catch((error: unknown) => {
      this.#logger.warn('inbox file not processed', { file, error });
    });
    return this.#busy;
  }

  async process(file: string): Promise<InboxOutcome> {
    const dir = path.dirname(file);
    const name = path.basename(file);
    if (IN_FLIGHT.test(name)) return { file, result: 'waiting', reason: 'still arriving' };
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return { file, result: 'waiting', reason: 'gone' };
    // Online-only placeholders: nothing downloaded yet. The cloud client's write will fire again.
    if (info.size === 0 || (process.platform !== 'win32' && info.blocks === 0)) {
      return { file, result: 'waiting', reason: 'not downloaded yet' };
    }
    const limit = this.#maxBytes();
    if (!NOTE_EXTENSIONS.has(path.extname(name).toLowerCase())) return this.#reject(file, 'not a .md or .txt file');
    if (info.size > limit) return this.#reject(file, `larger than the ${Math.round(limit / 1024)} KiB limit for a note`);
    const bytes = await readFile(file);
    const decoded = decodeNoteBytes(bytes);
    if ('error' in decoded) return this.#reject(file, decoded.error);
    if (decoded.text.trim() === '') return this.#reject(file, 'empty note');
    const id = inboxNoteId(name, bytes);
    let result: InboxOutcome['result'] = 'note';
    try {
      const before = await this.#notes.list({ source: 'inbox' });
      if (before.some((n) => n.id === id)) result = 'duplicate';
      else await this.#notes.add({ text: decoded.text, source: 'inbox', id });
    } catch (error) {
      // The engine's reasons are its own words (never the note's text).
      if (error instanceof ApiError && error.code === 'invalid_input') return this.#reject(file, error.message);
      throw error;
    }
    await unlink(file);
    await fsyncDir(dir);
    return { file, result, ...(decoded.replaced ? { reason: 'bytes that were not UTF-8 became \uFFFD' } : {}) };
  }

  /**
   * Older versions moved processed files to inbox/processed/, secrets and all. Those whose note
   * is known to be in the log go; anything else stays for the person to look at.
   */
  async #forgetProcessed(dir: string): Promise<void> {
    const processed = path.join(dir, 'processed');
    const names = await readdir(processed).catch(() => [] as string[]);
    if (names.length === 0) return;
    const stored = new Set((await this.#notes.list({ source: 'inbox' })).map((n) => n.id));
    for (const name of names) {
      const file = path.join(processed, name);
      const bytes = await readFile(file).catch(() => undefined);
      if (!bytes) continue;
      // A name taken twice was moved as `idea-1.md`; its note was made under `idea.md`.
      const original = name.replace(/-\d+(\.[^.]*)$/, '$1');
      if (stored.has(inboxNoteId(name, bytes)) || stored.has(inboxNoteId(original, bytes))) await unlink(file).catch(() => {});
    }
    await rmdir(processed).catch(() => {}); // only when it is empty now
  }

  async #reject(file: string, reason: string): Promise<InboxOutcome> {
    const target = await this.#moveTo(file, path.join(path.dirname(file), 'rejected'));
    await writeFile(`${target}.reason.txt`, `${reason}\n`);
    this.#logger.info('inbox file rejected', { file: path.basename(file), reason });
    return { file, result: 'rejected', reason };
  }

  /** Moves a file into `folder`, never over another file of the same name. */
  async #moveTo(file: string, folder: string): Promise<string> {
    await mkdir(folder, { recursive: true });
    const ext = path.extname(file);
    const stem = path.basename(file, ext);
    for (let n = 0; ; n++) {
      const target = path.join(folder, n === 0 ? `${stem}${ext}` : `${stem}-${n}${ext}`);
      if (await stat(target).then(() => true, () => false)) continue;
      await rename(file, target);
      return target;
    }
  }
}
