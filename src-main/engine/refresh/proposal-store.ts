import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../../src-shared/contract/errors';
import { ProposalSchema, type Proposal } from '../../../src-shared/contract/proposals';
import { applyHunks } from '../../../src-shared/hunks';
import { writeFileAtomic } from '../fs/atomic-write';
import { parseJsonOrUndefined, readJsonFiles } from '../fs/read-json';
import { hashText } from '../memory/layout';

const ID = /^p-[0-9a-z]+-[0-9a-f]{6}$/;

/**
 * Proposals live in `<memory root>/proposals/<id>.json`, in the synced folder: a headless box can
 * prepare one at night and the desktop approves it in the morning. Each is written atomically.
 */
export class ProposalStore {
  readonly #dir: string;
  /** The memory root the proposals belong to (decisions lock it). */
  readonly root: string;

  constructor(memoryRoot: string) {
    this.root = memoryRoot;
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
    const proposal = parseProposal(parseJsonOrUndefined(text));
    if (!proposal) {
      throw new ApiError('invalid_input', `The proposal file ${id}.json is damaged or inconsistent (half-synced or edited by hand); it cannot be applied. Run a new refresh.`);
    }
    return proposal;
  }

  /** Every readable proposal, newest first (unreadable or foreign files are skipped). */
  async list(): Promise<Proposal[]> {
    return (await this.scan()).proposals;
  }

  /** The readable proposals, newest first, and the names of proposal files that are damaged. */
  async scan(): Promise<{ proposals: Proposal[]; damaged: string[] }> {
    const damaged: string[] = [];
    const proposals = await readJsonFiles(this.#dir, parseProposal, (name) => ID.test(name.replace(/\.json$/, '')), damaged);
    return { proposals: proposals.sort((a, b) => b.createdAt.localeCompare(a.createdAt)), damaged };
  }
}

/**
 * A proposal file's content, or undefined when it is not one we may apply: unparsable, of another
 * shape, or inconsistent. The file sits in a synced folder, so its base must be the text its hash
 * names, and its changes must turn that base into the proposed text; otherwise a small approved diff
 * could stand for a different memory.
 */
function parseProposal(json: unknown): Proposal | undefined {
  const parsed = ProposalSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const p = parsed.data;
  if (hashText(p.baseContent) !== p.baseHash) return undefined;
  if (applyHunks(p.baseContent, p.hunks) !== p.proposedContent) return undefined;
  return p;
}
