import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { appendDurably } from '../fs/append';
import type { FileLocks } from '../fs/lock';

/**
 * Which notes were merged into the memory, or dismissed. It lives in the memory root, so every
 * machine agrees, as one append-only JSON-lines file per machine (`notes-state/<machine>.jsonl`):
 * machines never write the same file, so the cloud client never has to merge them, and a reader
 * takes the union (the latest record of a note wins).
 */
const RecordSchema = z.object({
  id: z.string(),
  state: z.enum(['merged', 'dismissed', 'unmerged']),
  at: z.string(),
  /** The proposal that merged it, when merged. */
  by: z.string().optional(),
});
export type NoteStateRecord = z.infer<typeof RecordSchema>;

export class NoteStates {
  readonly #dir: string;
  readonly #file: string;
  readonly #locks: FileLocks;

  constructor(memoryRoot: string, machineId: string, locks: FileLocks) {
    this.#dir = path.join(memoryRoot, 'notes-state');
    this.#file = path.join(this.#dir, `${machineId}.jsonl`);
    this.#locks = locks;
  }

  /** Records state changes durably (fsync) before returning. */
  async record(records: NoteStateRecord[]): Promise<void> {
    if (records.length === 0) return;
    const text = records.map((r) => `${JSON.stringify(r)}\n`).join('');
    await this.#locks.withLock(this.#file, async () => {
      await mkdir(this.#dir, { recursive: true });
      // On a fresh line: a record torn by a crash must not swallow the next one.
      await appendDurably(this.#file, text, { freshLine: true });
    });
  }

  /** The current state of every note that has one, from every machine's file. */
  async load(): Promise<Map<string, NoteStateRecord>> {
    const states = new Map<string, NoteStateRecord>();
    let names: string[];
    try {
      names = (await readdir(this.#dir)).filter((n) => n.endsWith('.jsonl'));
    } catch {
      return states;
    }
    for (const name of names) {
      const text = await readFile(path.join(this.#dir, name), 'utf8').catch(() => '');
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        let parsed;
        try {
          parsed = RecordSchema.safeParse(JSON.parse(line));
        } catch {
          continue; // a torn last line (crash mid-append) or hand edit: skip it
        }
        if (!parsed.success) continue;
        const previous = states.get(parsed.data.id);
        if (!previous || previous.at <= parsed.data.at) states.set(parsed.data.id, parsed.data);
      }
    }
    return states;
  }
}
