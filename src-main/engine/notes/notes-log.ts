import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../../src-shared/contract/errors';
import { appendDurably } from '../fs/append';
import { fsyncDir } from '../fs/atomic-write';
import type { FileLocks } from '../fs/lock';
import type { Logger } from '../services';
import { findDamagedHeadings, formatEntry, parseSessionFile, type EntryMeta, type ParsedEntry } from './entry-format';

/** A session log for one day: `2026-11-21.md`, or a cloud client's conflict copy of it. */
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})(?:.*)?\.md$/;

interface Pending {
  day: string;
  text: string;
  id: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The append-only notes log in `<memory root>/sessions/`. Appends are group-committed: notes that
 * arrive while a write is in progress go out together in the next one — one O_APPEND write (so a
 * memsync daemon appending at the same moment cannot interleave inside it), one fsync, then every
 * note of the batch is acknowledged. Writers on this machine also take a cross-process lock.
 */
export class NotesLog {
  readonly #dir: string;
  readonly #locks: FileLocks;
  readonly #logger: Logger;
  #queue: Pending[] = [];
  #flushing = false;
  readonly #cache = new Map<string, { key: string; entries: ParsedEntry[]; damaged: number[] }>();
  #ids: Set<string> | undefined;

  constructor(sessionsDir: string, locks: FileLocks, logger: Logger) {
    this.#dir = sessionsDir;
    this.#locks = locks;
    this.#logger = logger;
  }

  get dir(): string {
    return this.#dir;
  }

  /** Appends an entry; resolves once it is on disk (fsync'd). */
  append(day: string, time: string, captured: boolean, meta: EntryMeta, text: string): Promise<void> {
    const entry = formatEntry(time, captured, meta, text);
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ day, text: entry, id: meta.id, resolve, reject });
      if (!this.#flushing) void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    this.#flushing = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue;
        this.#queue = [];
        const byDay = new Map<string, Pending[]>();
        for (const p of batch) byDay.set(p.day, [...(byDay.get(p.day) ?? []), p]);
        await Promise.all(
          [...byDay].map(async ([day, items]) => {
            try {
              await this.#write(day, items.map((p) => p.text).join(''));
              for (const p of items) {
                this.#ids?.add(p.id);
                p.resolve();
              }
            } catch (error) {
              this.#logger.error('notes append failed', { day, error });
              for (const p of items) p.reject(error);
            }
          }),
        );
      }
    } finally {
      this.#flushing = false;
    }
  }

  async #write(day: string, text: string): Promise<void> {
    const file = path.join(this.#dir, `${day}.md`);
    await this.#locks.withLock(file, async () => {
      // Only sessions/ itself may be created: a vanished memory folder (drive offline) must not be
      // rebuilt in its place, where the cloud client would later find a competing copy.
      await mkdir(this.#dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') return;
        if (error.code === 'ENOENT') throw new ApiError('unavailable', 'The memory folder is not available right now (drive offline?); the note was not stored.');
        throw error;
      });
      const existed = await stat(file).then(() => true, () => false);
      // Entries start with "\n---\n", so a torn earlier entry cannot swallow this one.
      await appendDurably(file, text);
      if (!existed) await fsyncDir(this.#dir);
    });
  }

  /** Every entry, oldest day first (conflict copies included; duplicates by id removed). */
  async readAll(): Promise<ParsedEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.#dir);
    } catch {
      return [];
    }
    const days = names.filter((n) => DAY_FILE.test(n)).sort();
    for (const name of this.#cache.keys()) if (!days.includes(name)) this.#cache.delete(name);
    const seen = new Set<string>();
    const all: ParsedEntry[] = [];
    for (const name of days) {
      for (const entry of await this.#readFile(name)) {
        if (seen.has(entry.id)) continue;
        seen.add(entry.id);
        all.push(entry);
      }
    }
    this.#ids = seen;
    return all;
  }

  /** True when an entry with this id is in the log (checked against this machine's view). */
  async has(id: string): Promise<boolean> {
    if (!this.#ids) await this.readAll();
    return this.#ids!.has(id);
  }

  /** Parses a day file, reusing the last parse while its size and time are unchanged. */
  async #readFile(name: string): Promise<ParsedEntry[]> {
    const file = path.join(this.#dir, name);
    const info = await stat(file).catch(() => undefined);
    // A folder with a day's name holds no notes (appending to it says so, with its path).
    if (!info?.isFile()) {
      this.#cache.delete(name);
      return [];
    }
    const key = `${info.size}:${info.mtimeMs}`;
    const cached = this.#cache.get(name);
    if (cached?.key === key) return cached.entries;
    const day = DAY_FILE.exec(name)![1]!;
    const content = await readFile(file, 'utf8');
    const entries = parseSessionFile(day, content);
    this.#cache.set(name, { key, entries, damaged: findDamagedHeadings(content) });
    return entries;
  }

  /** True once `readAll` ran (its findings are then known). */
  get wasRead(): boolean {
    return this.#ids !== undefined;
  }

  /** Day files with damaged note headings, as of the last `readAll`: name and line numbers. */
  damagedHeadings(): Array<{ file: string; lines: number[] }> {
    return [...this.#cache].filter(([, c]) => c.damaged.length > 0).map(([file, c]) => ({ file, lines: c.damaged }));
  }
}
