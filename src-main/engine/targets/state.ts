import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic-write';
import { parseJsonOrUndefined } from '../fs/read-json';

/**
 * What memsync last wrote to each target, per machine (user-data folder). It tells our own writes
 * from someone else's edits — across restarts and across the two hosts (tray app, `memsync serve`).
 */
const TargetRecordSchema = z.object({
  path: z.string(),
  /** Hash of the whole file as we wrote it. */
  writtenHash: z.string(),
  /** For managed-block targets: hash of the text inside our block as we wrote it. */
  blockHash: z.string().nullable().default(null),
  syncedAt: z.string(),
  effectiveMode: z.enum(['copy', 'symlink', 'managed-block']),
  /** The link there was made by another tool (memsync (Python)), not by memsync desktop. */
  foreignLink: z.boolean().default(false),
  renderedChars: z.number().int().nullable().default(null),
  omittedSections: z.array(z.string()).default([]),
  /**
   * The text memsync last wrote (managed-block: the inside of its block; a link: the memory it
   * showed). The base of a three-way merge when an outside edit of it is adopted.
   */
  writtenText: z.string().nullable().default(null),
  /**
   * The person's own file as memsync first found it, and the pre-memsync backup it was saved as.
   * Kept so that backup can be put back when something else renames a file onto its name
   * (memsync (Python) does, spec §5).
   */
  original: z.object({ backup: z.string(), text: z.string() }).nullable().default(null),
  /** The foreign edit this target is held for (policy "hold"), if any. */
  heldFor: z.string().nullable().default(null),
  error: z.string().nullable().default(null),
});
export type TargetRecord = z.infer<typeof TargetRecordSchema>;

const StateFileSchema = z.object({ version: z.literal(1), targets: z.record(z.string(), TargetRecordSchema) });

/**
 * The records live in one file shared by both hosts on a machine. The target manager holds the
 * file's lock for each pass, loads before it and saves after it, so neither host works from a
 * stale copy (it would take the other's writes for an agent's edits).
 */
export class TargetStateStore {
  readonly #file: string;
  #records: Record<string, TargetRecord> = {};
  #dirty = false;

  constructor(userDataDir: string) {
    this.#file = path.join(userDataDir, 'targets-state.json');
  }

  /** The file the records live in (what the manager locks). */
  get file(): string {
    return this.#file;
  }

  /** Loads the file; an unreadable one is treated as "no history" (the next write re-records). */
  async load(): Promise<void> {
    const parsed = StateFileSchema.safeParse(parseJsonOrUndefined(await readFile(this.#file, 'utf8').catch(() => '')));
    this.#records = parsed.success ? parsed.data.targets : {};
    this.#dirty = false;
  }

  /** The record for a target at `targetPath` (a record for another path, after a move, does not count). */
  get(id: string, targetPath: string): TargetRecord | undefined {
    const record = this.#records[id];
    return record && record.path === targetPath ? record : undefined;
  }

  set(id: string, record: TargetRecord): void {
    this.#records[id] = record;
    this.#dirty = true;
  }

  update(id: string, targetPath: string, change: Partial<TargetRecord>): void {
    const record = this.get(id, targetPath);
    if (record) {
      this.#records[id] = { ...record, ...change };
      this.#dirty = true;
    }
  }

  /** Persists the records when they changed since the last load or save. */
  async save(): Promise<void> {
    if (!this.#dirty) return;
    await writeFileAtomic(this.#file, `${JSON.stringify({ version: 1, targets: this.#records }, null, 2)}\n`, { mode: 0o600 });
    this.#dirty = false;
  }
}
