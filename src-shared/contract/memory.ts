import { z } from 'zod/mini';
import { ProviderNameSchema, RenderModeSchema } from './settings';

/** A content hash as the engine computes it (sha256, hex). */
export const HashSchema = z.string().check(z.regex(/^[0-9a-f]{64}$/));

export const MemoryDocSchema = z.object({
  content: z.string(),
  hash: HashSchema,
  modifiedAt: z.nullable(z.iso.datetime({ offset: true })),
});
export type MemoryDoc = z.infer<typeof MemoryDocSchema>;

/** Files the cloud client left next to GLOBAL_MEMORY.md when two machines edited it at once. */
export const ConflictCopySchema = z.object({
  path: z.string(),
  name: z.string(),
  kind: z.enum(['onedrive', 'dropbox', 'gdrive', 'icloud']),
  /** The machine the copy came from, when the file name says. */
  machine: z.nullable(z.string()),
});
export type ConflictCopy = z.infer<typeof ConflictCopySchema>;

/** A file the cloud client has not downloaded yet: never read as an empty memory. */
export const PlaceholderSchema = z.object({
  path: z.string(),
  reason: z.enum(['icloud-stub', 'zero-bytes', 'dataless']),
});
export type Placeholder = z.infer<typeof PlaceholderSchema>;

export const MemoryRootStateSchema = z.enum([
  'not-configured', // no provider/sync folder chosen yet: run init
  'missing', // configured, but the memory folder does not exist: run init
  'unavailable', // the sync folder itself is gone (drive offline, unmounted)
  'ok',
]);
export type MemoryRootState = z.infer<typeof MemoryRootStateSchema>;

export const TargetStateSchema = z.enum([
  'in-sync',
  'drifted', // differs from what we would render, not yet repaired
  'missing', // enabled, file absent (being recreated)
  'held', // someone else's edit is kept in place until the person decides
  'disabled',
  'error',
]);
export type TargetState = z.infer<typeof TargetStateSchema>;

export const TargetStatusSchema = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  enabled: z.boolean(),
  mode: RenderModeSchema,
  /** What was actually done: symlink falls back to copy where links are not permitted. */
  effectiveMode: z.nullable(RenderModeSchema),
  /** The agent seems to be installed here (a suggestion to enable it, never acted on silently). */
  installed: z.boolean(),
  state: TargetStateSchema,
  /** A file that wins over this one (e.g. Codex AGENTS.override.md), when present and non-empty. */
  shadowedBy: z.nullable(z.string()),
  /** Size budget, or null for none, in `budgetUnit` (Codex counts bytes, Windsurf characters). */
  budget: z.nullable(z.int()),
  budgetUnit: z.enum(['chars', 'bytes']),
  /** Characters of memory rendered into the target last time. */
  renderedChars: z.nullable(z.int()),
  /** Sections left out to fit the budget (empty when everything fit). */
  omittedSections: z.array(z.string()),
  lastSyncedAt: z.nullable(z.iso.datetime({ offset: true })),
  /** A sentence for the person when state is error. */
  error: z.nullable(z.string()),
});
export type TargetStatus = z.infer<typeof TargetStatusSchema>;

/** A target's content changed by something other than memsync, saved for the person to judge. */
export const ForeignEditSchema = z.object({
  id: z.string(),
  targetId: z.string(),
  targetPath: z.string(),
  detectedAt: z.iso.datetime({ offset: true }),
  /** The foreign version as found (for managed-block targets: the text inside our block). */
  content: z.string(),
  /** The canonical memory's hash when it was found. */
  baseHash: HashSchema,
  /**
   * What memsync had last written there (same part as `content`): the base of the three-way merge
   * that adopting does. Null for a file memsync never wrote; absent in edits saved by older builds.
   */
  base: z.optional(z.nullable(z.string())),
});
export type ForeignEdit = z.infer<typeof ForeignEditSchema>;

/**
 * One stretch of an outside edit merged three ways (base: what memsync had written there; the
 * agent's file; the memory now): lines both sides agree on, or a conflict where both changed the
 * same lines, each side given whole (`base` is what was there before either changed it).
 */
export const AdoptPartSchema = z.object({
  lines: z.array(z.string()),
  conflict: z.optional(
    z.object({ id: z.int(), memory: z.array(z.string()), agent: z.array(z.string()), base: z.array(z.string()) }),
  ),
});
export type AdoptPart = z.infer<typeof AdoptPartSchema>;

/** The person's choice for one conflict: the memory's lines, the agent's, or both (memory first). */
export const AdoptResolutionSchema = z.object({ id: z.int(), take: z.enum(['memory', 'agent', 'both']) });
export type AdoptResolution = z.infer<typeof AdoptResolutionSchema>;

/** What adopting an outside edit would write, computed before anything is written. */
export const AdoptPreviewSchema = z.object({
  editId: z.string(),
  /** The memory the merge was made against; adopting with another hash is a conflict. */
  memory: MemoryDocSchema,
  /** The text adopting writes when there are no conflicts; null until every conflict is chosen. */
  merged: z.nullable(z.string()),
  parts: z.array(AdoptPartSchema),
  conflicts: z.int(),
  /** True when memsync knew what it had written there (otherwise the whole file is one conflict). */
  hasBase: z.boolean(),
});
export type AdoptPreview = z.infer<typeof AdoptPreviewSchema>;

/** Where a missing GLOBAL_MEMORY.md still exists: the newest backup, agents' files memsync wrote. */
export const MemoryRecoverySchema = z.object({
  newestBackup: z.nullable(z.string()),
  agentFiles: z.array(z.object({ targetId: z.string(), name: z.string(), path: z.string() })),
});
export type MemoryRecovery = z.infer<typeof MemoryRecoverySchema>;

export const MemoryStatusSchema = z.object({
  provider: z.nullable(ProviderNameSchema),
  syncRoot: z.nullable(z.string()),
  memoryRoot: z.nullable(z.string()),
  rootState: MemoryRootStateSchema,
  memory: z.nullable(
    z.object({
      hash: HashSchema,
      bytes: z.int(),
      lines: z.int(),
      modifiedAt: z.nullable(z.iso.datetime({ offset: true })),
    }),
  ),
  /** The memory file itself is an online-only placeholder. */
  placeholder: z.nullable(PlaceholderSchema),
  conflictCopies: z.array(ConflictCopySchema),
  /** GLOBAL_MEMORY.md is missing but the memory exists elsewhere (null otherwise): never a fresh start. */
  recovery: z.nullable(MemoryRecoverySchema),
  targets: z.array(TargetStatusSchema),
  foreignEdits: z.int(),
});
export type MemoryStatus = z.infer<typeof MemoryStatusSchema>;

export const BackupSchema = z.object({
  name: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  bytes: z.int(),
});
export type Backup = z.infer<typeof BackupSchema>;

export const WriteResultSchema = z.object({
  hash: HashSchema,
  /** The backup taken of the replaced content (null when there was nothing to replace). */
  backup: z.nullable(z.string()),
  changed: z.boolean(),
});
export type WriteResult = z.infer<typeof WriteResultSchema>;

export const DetectedProviderSchema = z.object({
  name: ProviderNameSchema,
  displayName: z.string(),
  syncRoot: z.string(),
  memoryRoot: z.string(),
  /** e.g. "business: Contoso" or "personal". */
  detail: z.nullable(z.string()),
  /** A memory root already exists there (made by memsync or by this app on another machine). */
  hasMemory: z.boolean(),
});
export type DetectedProvider = z.infer<typeof DetectedProviderSchema>;
