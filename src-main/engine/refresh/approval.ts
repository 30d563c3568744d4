import { ApiError } from '../../../src-shared/contract/errors';
import type { EngineEvent } from '../../../src-shared/contract/events';
import type { Proposal } from '../../../src-shared/contract/proposals';
import type { MemoryService } from '../memory/service';
import type { NotesService } from '../notes/service';
import type { Clock } from '../services';
import { applyHunks, computeHunks, rebaseHunks } from '../../../src-shared/hunks';
import type { ProposalStore } from './proposal-store';

export interface ApprovalContext {
  store: ProposalStore;
  memory: MemoryService;
  notes: NotesService;
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
 * Applies a proposal: compare-and-swap on the memory it was based on. If the memory changed since
 * (another device, an agent, an edit), the approved changes are moved onto the new memory; when
 * that is clean the proposal is shown again as rebased, otherwise it becomes a conflict and a new
 * refresh is offered. A newer memory is never overwritten.
 */
export async function approveProposal(ctx: ApprovalContext, input: ApproveInput): Promise<Proposal> {
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
  const now = () => ctx.clock.now().toISOString();

  const current = await ctx.memory.read();
  if (current.hash === proposal.baseHash) {
    try {
      const written = await ctx.memory.write(result, proposal.baseHash);
      await ctx.notes.markMerged(proposal.noteIds, proposal.id);
      const applied: Proposal = { ...proposal, state: 'applied', decidedAt: now(), appliedHash: written.hash };
      await ctx.store.save(applied);
      ctx.emit({ type: 'proposal', proposal: applied });
      return applied;
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'conflict')) throw error;
      // The memory changed between the read and the write: rebase below.
    }
  }

  const latest = await ctx.memory.read();
  const changes = input.content !== undefined ? computeHunks(proposal.baseContent, input.content) : proposal.hunks;
  const rebased = rebaseHunks(proposal.baseContent, latest.content, changes, input.content !== undefined ? undefined : accepted);
  let next: Proposal;
  if (rebased.clean) {
    next = {
      ...proposal,
      baseHash: latest.hash,
      baseContent: latest.content,
      proposedContent: rebased.content,
      hunks: computeHunks(latest.content, rebased.content),
      rebasedAt: now(),
    };
  } else {
    next = {
      ...proposal,
      state: 'conflict',
      decidedAt: now(),
      conflict: `The memory changed since this proposal was made, and change(s) ${rebased.conflicting.join(', ')} touch the same lines. Nothing was written; run a new refresh to merge the notes into the current memory.`,
    };
  }
  await ctx.store.save(next);
  ctx.emit({ type: 'proposal', proposal: next });
  return next;
}

/** Declines a proposal. Its notes stay waiting for the next refresh, or are dismissed on request. */
export async function rejectProposal(ctx: ApprovalContext, id: string, dismissNotes: boolean): Promise<Proposal> {
  const proposal = await ctx.store.get(id);
  if (proposal.state !== 'pending' && proposal.state !== 'conflict') requirePending(proposal);
  if (dismissNotes) await ctx.notes.dismiss(proposal.noteIds);
  const rejected: Proposal = { ...proposal, state: 'rejected', decidedAt: ctx.clock.now().toISOString() };
  await ctx.store.save(rejected);
  ctx.emit({ type: 'proposal', proposal: rejected });
  return rejected;
}
