import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ForeignEditSchema, type ForeignEdit } from '../../../src-shared/contract/memory';
import { ApiError } from '../../../src-shared/contract/errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { ensurePrivateDir } from '../fs/private-dir';
import { parseJsonOrUndefined, readJsonFiles } from '../fs/read-json';

const ID = /^[a-z0-9-]+$/;

/**
 * Versions of instruction files that something other than memsync wrote (an agent editing its own
 * CLAUDE.md, the person in an editor, the file found at first enable). Each is kept, one JSON file
 * per edit in the user-data folder, until the person adopts it into the memory or discards it.
 */
export class ForeignEditStore {
  readonly #dir: string;

  constructor(userDataDir: string) {
    this.#dir = path.join(userDataDir, 'foreign-edits');
  }

  async add(edit: Omit<ForeignEdit, 'id'>, now: Date): Promise<ForeignEdit> {
    const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').toLowerCase();
    const full: ForeignEdit = { id: `${edit.targetId}-${stamp}-${randomBytes(3).toString('hex')}`, ...edit };
    // What agents wrote into their files: as private as the rest of the user-data folder.
    await ensurePrivateDir(this.#dir);
    await writeFileAtomic(this.#file(full.id), `${JSON.stringify(full, null, 2)}\n`, { mode: 0o600 });
    return full;
  }

  async list(): Promise<ForeignEdit[]> {
    const edits = await readJsonFiles(this.#dir, (json) => {
      const parsed = ForeignEditSchema.safeParse(json);
      return parsed.success ? parsed.data : undefined;
    });
    return edits.sort((a, b) => a.detectedAt.localeCompare(b.detectedAt));
  }

  async get(id: string): Promise<ForeignEdit> {
    if (!ID.test(id)) throw new ApiError('invalid_input', 'That is not a foreign-edit id.');
    const text = await readFile(this.#file(id), 'utf8').catch(() => undefined);
    const parsed = text === undefined ? undefined : ForeignEditSchema.safeParse(parseJsonOrUndefined(text));
    if (!parsed?.success) throw new ApiError('not_found', `There is no outside edit ${id}: it was already adopted or discarded, or never was (memsync edits lists them).`);
    return parsed.data;
  }

  async remove(id: string): Promise<void> {
    if (!ID.test(id)) throw new ApiError('invalid_input', 'That is not a foreign-edit id.');
    await rm(this.#file(id), { force: true });
  }

  #file(id: string): string {
    return path.join(this.#dir, `${id}.json`);
  }
}

export const ForeignEditIdSchema = z.string().regex(ID);
