import { ApiError } from '../../../src-shared/contract/errors';
import type { EngineEvent } from '../../../src-shared/contract/events';
import type { Proposal } from '../../../src-shared/contract/proposals';
import type { FileLocks } from '../fs/lock';
import { hashText } from '../memory/layout';
import type { MemoryService } from '../memory/service';
import type { NotesService } from '../notes/service';
import type { Clock } from '../services';
import { applyHunks, computeHunks, rebaseHunks } from '../../../src-shared/hunks';
import { hunksKeptIn, mergedNotes } from './note-attribution';
import type { ProposalStore } from './proposal-store';

export interface ApprovalContext {
  store: ProposalStore;
  memory: MemoryService;
  notes: NotesService;
  locks: FileLocks;
  clock: Clock;
  emit: (event: EngineEvent) => void;
}

export interface ApproveInput {
  id: string;
  /** Hunk ids to accept; all of them when omitted. */
  hunks?: number[] | undefined;
  /** The final text, edited by the person (instead of choosing hunks). */
  content?: string | undefined;
}

function requirePending(p: Proposal): void {
  if (p.state !== 'pending') throw new ApiError('conflict', `Proposal ${p.id} is ${p.state}; only a pending proposal can be decided.`);
}

/**
 * Decisions on proposals are taken one at a time (a double click, the tray app and `memsync serve`
 * on one machine, two hosts on one folder): each re-reads the proposal under the memory root's
 * lock, so the second sees the first's outcome (applied, or superseded by it) instead of racing it.
 */
function decide<T>(ctx: ApprovalContext, fn: () => Promise<T>): Promise<T> {
  return ctx.locks.withRootLock(ctx.store.root, 'decisions', fn);
}

/**
 * Applies a proposal: compare-and-swap on the memory it was based on. If the memory changed since
 * (another device, an agent, an edit), the approved changes are moved onto the new memory; when
 * that is clean the proposal is shown again as rebased, otherwise it becomes a conflict and a new
 * refresh is offered. A newer memory is never overwritten.
 */
export function approveProposal(ctx: ApprovalContext, input: ApproveInput): Promise<Proposal> {
  return decide(ctx, () => approveLocked(ctx, input));
}

async function approveLocked(ctx: ApprovalContext, input: ApproveInput): Promise<Proposal> {
  const proposal = await ctx.store.get(input.id);
  requirePending(proposal);
  const known = new Set(proposal.hunks.map((h) => h.id));
  const accepted = input.hunks === undefined ? undefined : new Set(input.hunks);
  if (accepted) {
    const unknown = [...accepted].filter((h) => !known.has(h));
    if (unknown.length) throw new ApiError('invalid_input', `Proposal ${proposal.id} has no change ${unknown.join(', ')}.`);
    if (accepted.size === 0) throw new ApiError('invalid_input', 'Choose at least one change to apply, or reject the proposal.');
  }
  const result = input.content ?? applyHunks(proposal.baseContent, proposal.hunks, accepted);
  const applied = input.content !== undefined ? hunksKeptIn(proposal.hunks, input.content) : (accepted ?? known);

  const current = await ctx.memory.read();
  // The memory already holds the result: an earlier approve wrote it and stopped before the
  // bookkeeping (a crash, a full disk). Finish that instead of rebasing the changes onto themselves.
  if (current.hash === hashText(result) && current.hash !== proposal.baseHash) return finishApplied(ctx, proposal, current.hash, applied);
  if (current.hash === proposal.baseHash) {
    try {
      const written = await ctx.memory.write(result, proposal.baseHash);
      return await finishApplied(ctx, proposal, written.hash, applied);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'conflict')) throw error;
      // The memory changed between the read and the write: rebase below.
    }
  }

  const latest = await ctx.memory.read();
  const changes = input.content !== undefined ? computeHunks(proposal.baseContent, input.content) : proposal.hunks;
  const rebased = rebaseHunks(proposal.baseContent, latest.content, changes, input.content !== undefined ? undefined : accepted);
  const now = ctx.clock.now().toISOString();
  let next: Proposal;
  if (rebased.clean) {
    next = {
      ...proposal,
      baseHash: latest.hash,
      baseContent: latest.content,
      proposedContent: rebased.content,
      hunks: computeHunks(latest.content, rebased.content),
      rebasedAt: now,
    };
  } else {
    next = {
      ...proposal,
      state: 'conflict',
      decidedAt: now,
      conflict: `The memory changed since this proposal was made, and change(s) ${rebased.conflicting.join(', ')} touch the same lines. Nothing was written; run a new refresh to merge the notes into the current memory.`,
    };
  }
  await ctx.store.save(next);
  ctx.emit({ type: 'proposal', proposal: next });
  return next;
}

/**
 * The memory holds the approved text: the notes it merged count as merged (recorded by id,
 * whether or not their log has synced to this machine yet; after a partial approval only those
 * the applied changes carry, see note-attribution.ts), the proposal is applied, and any other
 * pending proposal for those notes (another machine's nightly run) is superseded so they are not
 * merged twice. Each step is safe to repeat.
 */
async function finishApplied(ctx: ApprovalContext, proposal: Proposal, appliedHash: string, appliedHunks: ReadonlySet<number>): Promise<Proposal> {
  const now = ctx.clock.now().toISOString();
  const partial = proposal.hunks.some((h) => !appliedHunks.has(h.id));
  const texts = partial ? (await ctx.notes.list({})).filter((n) => proposal.noteIds.includes(n.id)) : [];
  const merged = mergedNotes(proposal.noteIds, texts, proposal.hunks, appliedHunks);
  await ctx.notes.markMerged(merged, proposal.id);
  const applied: Proposal = {
    ...proposal,
    state: 'applied',
    decidedAt: now,
    appliedHash,
    appliedHunks: proposal.hunks.filter((h) => appliedHunks.has(h.id)).map((h) => h.id),
    mergedNoteIds: merged,
  };
  await ctx.store.save(applied);
  ctx.emit({ type: 'proposal', proposal: applied });
  const ours = new Set(merged);
  for (const other of await ctx.store.list()) {
    if (other.id === proposal.id || other.state !== 'pending' || !other.noteIds.some((id) => ours.has(id))) continue;
    const superseded: Proposal = { ...other, state: 'superseded', supersededBy: proposal.id, decidedAt: now };
    await ctx.store.save(superseded);
    ctx.emit({ type: 'proposal', proposal: superseded });
  }
  return applied;
}

/** Declines a proposal. Its notes stay waiting for the next refresh, or are dismissed on request. */
export function rejectProposal(ctx: ApprovalContext, id: string, dismissNotes: boolean): Promise<Proposal> {
  return decide(ctx, async () => {
    const proposal = await ctx.store.get(id);
    if (proposal.state !== 'pending' && proposal.state !== 'conflict') requirePending(proposal);
    if (dismissNotes) await ctx.notes.dismiss(proposal.noteIds, { byProposal: true });
    const rejected: Proposal = { ...proposal, state: 'rejected', decidedAt: ctx.clock.now().toISOString() };
    await ctx.store.save(rejected);
    ctx.emit({ type: 'proposal', proposal: rejected });
    return rejected;
  });
}
