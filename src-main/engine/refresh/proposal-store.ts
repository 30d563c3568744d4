import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../../src-shared/contract/errors';
import { ProposalSchema, type Proposal } from '../../../src-shared/contract/proposals';
import { writeFileAtomic } from '../fs/atomic-write';

const ID = /^p-[0-9a-z]+-[0-9a-f]{6}$/;

/**
 * Proposals live in `<memory root>/proposals/<id>.json`, in the synced folder: a headless box can
 * prepare one at night and the desktop approves it in the morning. Each is written atomically.
 */
export class ProposalStore {
  readonly #dir: string;

  constructor(memoryRoot: string) {
    this.#dir = path.join(memoryRoot, 'proposals');
  }

  static newId(now: Date): string {
    return `p-${now.getTime().toString(36)}-${randomBytes(3).toString('hex')}`;
  }

  async save(proposal: Proposal): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    await writeFileAtomic(path.join(this.#dir, `${proposal.id}.json`), `${JSON.stringify(proposal, null, 2)}\n`);
  }

  async get(id: string): Promise<Proposal> {
    if (!ID.test(id)) throw new ApiError('invalid_input', `"${id}" is not a proposal id.`);
    const text = await readFile(path.join(this.#dir, `${id}.json`), 'utf8').catch(() => undefined);
    if (text === undefined) throw new ApiError('not_found', `There is no proposal ${id}.`);
    const parsed = ProposalSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new ApiError('internal', `The proposal file ${id}.json is damaged.`);
    return parsed.data;
  }

  /** Every readable proposal, newest first (unreadable or foreign files are skipped). */
  async list(): Promise<Proposal[]> {
    let names: string[];
    try {
      names = await readdir(this.#dir);
    } catch {
      return [];
    }
    const proposals: Proposal[] = [];
    for (const name of names.filter((n) => ID.test(n.replace(/\.json$/, '')) && n.endsWith('.json'))) {
      try {
        const parsed = ProposalSchema.safeParse(JSON.parse(await readFile(path.join(this.#dir, name), 'utf8')));
        if (parsed.success) proposals.push(parsed.data);
      } catch {
        // a half-synced or hand-edited file: not a proposal we can show
      }
    }
    return proposals.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }
}
