import { z } from 'zod/mini';
import { HashSchema } from './memory';

/**
 * Something the reviewer should look at before approving. Flags that `blocksAutoApprove` keep an
 * unattended machine from applying the proposal by itself.
 */
export const FlagKindSchema = z.enum([
  'constraint-restored', // the model dropped a hard constraint; it was put back
  'constraint-reworded', // a hard constraint was reworded (it may have been softened)
  'shrinkage', // a large share of the memory's lines would go, and no note asked for it
  'section-removed', // whole sections would go, and no note asked for it
  'instruction', // an added line reads like a standing instruction to an agent (possible injection)
  'memory-secret', // the memory itself holds something that looks like a secret (it was not sent)
]);
export type FlagKind = z.infer<typeof FlagKindSchema>;

export const ProposalFlagSchema = z.object({
  kind: FlagKindSchema,
  /** A sentence for the reviewer. */
  message: z.string(),
  /** The line concerned, when there is one. */
  line: z.optional(z.string()),
  blocksAutoApprove: z.boolean(),
});
export type ProposalFlag = z.infer<typeof ProposalFlagSchema>;

/** One contiguous change: lines removed from the base and lines added in their place. */
export const HunkSchema = z.object({
  id: z.int(),
  /** 0-based index of the first base line the hunk replaces (or inserts before). */
  baseStart: z.int(),
  removed: z.array(z.string()),
  added: z.array(z.string()),
});
export type Hunk = z.infer<typeof HunkSchema>;

export const UsageStatsSchema = z.object({
  model: z.string(),
  inputTokens: z.int(),
  outputTokens: z.int(),
  cacheReadTokens: z.int(),
  cacheCreationTokens: z.int(),
  costUsd: z.number(),
  /** Bytes of the request body and of the answer text (for the patch-vs-whole-file figures). */
  requestBytes: z.int(),
  answerBytes: z.int(),
});
export type UsageStats = z.infer<typeof UsageStatsSchema>;

export const ProposalStateSchema = z.enum(['pending', 'applied', 'rejected', 'superseded', 'conflict']);
export type ProposalState = z.infer<typeof ProposalStateSchema>;

export const ProposalSchema = z.object({
  id: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  /** The machine that asked the model (a headless box may prepare it, the desktop approves it). */
  machine: z.string(),
  mode: z.enum(['patch', 'whole-file']),
  baseHash: HashSchema,
  baseContent: z.string(),
  proposedContent: z.string(),
  hunks: z.array(HunkSchema),
  noteIds: z.array(z.string()),
  usage: UsageStatsSchema,
  flags: z.array(ProposalFlagSchema),
  state: ProposalStateSchema,
  /** When the memory changed under it and its hunks were moved onto the new memory. */
  rebasedAt: z.optional(z.iso.datetime({ offset: true })),
  supersededBy: z.optional(z.string()),
  decidedAt: z.optional(z.iso.datetime({ offset: true })),
  /** The memory's hash after applying. */
  appliedHash: z.optional(HashSchema),
  /** The changes that were applied (absent in proposals applied by older builds: all of them). */
  appliedHunks: z.optional(z.array(z.int())),
  /**
   * The notes counted as merged. After a partial approval only those an applied change carries;
   * the others stay waiting for the next refresh.
   */
  mergedNoteIds: z.optional(z.array(z.string())),
  /** Why it is a conflict, in words. */
  conflict: z.optional(z.string()),
});
export type Proposal = z.infer<typeof ProposalSchema>;

export const RefreshResultSchema = z.object({
  /**
   * no-notes: nothing to merge, no API call made; unchanged: the model found nothing worth adding
   * (the notes count as merged); proposed: a proposal waits for approval; applied: auto-approved.
   */
  outcome: z.enum(['no-notes', 'unchanged', 'proposed', 'applied', 'dry-run']),
  proposal: z.optional(ProposalSchema),
  noteIds: z.array(z.string()),
  usage: z.optional(UsageStatsSchema),
});
export type RefreshResult = z.infer<typeof RefreshResultSchema>;

export const RefreshStatusSchema = z.object({
  running: z.boolean(),
  lastRunAt: z.nullable(z.iso.datetime({ offset: true })),
  lastOutcome: z.nullable(z.enum(['no-notes', 'unchanged', 'proposed', 'applied', 'dry-run', 'failed'])),
  /** The last failure, in words (the notes stay queued and the run is retried later). */
  lastError: z.nullable(z.string()),
  /** The proposal waiting for approval, if any. */
  pendingProposal: z.nullable(z.string()),
  unmergedNotes: z.int(),
  /** The next scheduled (or retry) run. */
  nextRunAt: z.nullable(z.iso.datetime({ offset: true })),
});
export type RefreshStatus = z.infer<typeof RefreshStatusSchema>;
