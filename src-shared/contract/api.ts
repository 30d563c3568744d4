import { z } from 'zod/mini';
import {
  AdoptPreviewSchema,
  AdoptResolutionSchema,
  BackupSchema,
  DetectedProviderSchema,
  ForeignEditSchema,
  HashSchema,
  MemoryDocSchema,
  TargetStatusSchema,
  WriteResultSchema,
} from './memory';
import type { MethodName } from './methods';
import { CaptureInfoSchema, ListNotesInputSchema, NoteSchema, NoteSourceSchema, NoteTextSchema } from './notes';
import { ProposalSchema, ProposalStateSchema, RefreshResultSchema } from './proposals';
import { UsageSummarySchema } from './usage';
import { ProviderNameSchema, RenderModeSchema, SettingsPatchSchema, SettingsSchema } from './settings';
import { StatusSchema } from './status';

/**
 * The one API the UI uses for everything it asks of the engine. Each method takes a single input
 * (validated where it enters the main process, over HTTP or IPC) and returns a value (validated by
 * the client before the UI sees it). Schemas use zod/mini: tree-shakable, which keeps the
 * quick-note popup small.
 */
interface MethodSpec {
  input: z.ZodMiniType;
  output: z.ZodMiniType;
}

const NoInput = z.undefined();
/** A memory file is a few hundred lines; these bounds only stop abuse (and keep diffs cheap). */
export const MEMORY_TEXT_LIMITS = { chars: 1_000_000, lines: 50_000 } as const;
const lineCount = (text: string) => {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
};
const MemoryText = z.string().check(
  z.maxLength(MEMORY_TEXT_LIMITS.chars, { error: `A memory text is limited to ${MEMORY_TEXT_LIMITS.chars.toLocaleString('en')} characters.` }),
  z.refine((text) => lineCount(text) <= MEMORY_TEXT_LIMITS.lines, { error: `A memory text is limited to ${MEMORY_TEXT_LIMITS.lines.toLocaleString('en')} lines.` }),
);
const BackupName = z.string().check(z.regex(/^GLOBAL_MEMORY_\d{8}_\d{6}(?:_\d+)?\.md$/));
const EditId = z.string().check(z.regex(/^[a-z0-9-]{1,120}$/));
const TargetId = z.string().check(z.regex(/^[a-z0-9-]{1,40}$/));
const ProposalId = z.string().check(z.regex(/^p-[0-9a-z]+-[0-9a-f]{6}$/));

/** As the OS has it (read back after every change); `detail` says what more it needs, if anything. */
const StartAtLoginSchema = z.object({ supported: z.boolean(), enabled: z.boolean(), detail: z.optional(z.nullable(z.string())) });

export const apiContract = {
  status: { input: NoInput, output: StatusSchema },

  detectProviders: { input: NoInput, output: z.array(DetectedProviderSchema) },
  initMemoryRoot: {
    input: z.object({
      provider: ProviderNameSchema,
      /** The sync folder; required for `custom`, optional to pin a detected provider's folder. */
      syncRoot: z.optional(z.nullable(z.string().check(z.minLength(1)))),
      /** Replace an existing memory with the starter template (after a backup). */
      force: z.optional(z.boolean()),
      /**
       * A missing memory is recreated from this backup name or agent (target id) instead of the
       * template; without it (or force) init refuses while backups or agents' files hold it.
       */
      from: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
    }),
    output: z.object({
      memoryRoot: z.string(),
      wroteTemplate: z.boolean(),
      backup: z.nullable(z.string()),
      /** What the memory was recreated from, when `from` was given. */
      restoredFrom: z.nullable(z.string()),
      /** Agents' files saved (`.pre-memsync.bak`) before the template replaced them. */
      savedTargets: z.array(z.string()),
    }),
  },
  getSettings: { input: NoInput, output: SettingsSchema },
  updateSettings: { input: SettingsPatchSchema, output: SettingsSchema },

  readMemory: { input: NoInput, output: MemoryDocSchema },
  writeMemory: {
    input: z.object({ content: MemoryText, expectedHash: z.nullable(HashSchema) }),
    output: WriteResultSchema,
  },
  listBackups: { input: NoInput, output: z.array(BackupSchema) },
  readBackup: { input: z.object({ name: BackupName }), output: z.object({ name: z.string(), content: z.string() }) },
  restoreBackup: {
    input: z.object({ name: BackupName, expectedHash: z.optional(z.nullable(HashSchema)) }),
    output: WriteResultSchema,
  },

  updateTarget: {
    input: z.object({
      id: TargetId,
      enabled: z.optional(z.boolean()),
      mode: z.optional(RenderModeSchema),
      budget: z.optional(z.nullable(z.int().check(z.positive()))),
    }),
    output: TargetStatusSchema,
  },
  /** Writes every enabled agent's file again now (no LLM), or only the one `id` names. */
  syncTargets: { input: z.optional(z.object({ id: TargetId })), output: z.array(TargetStatusSchema) },
  listForeignEdits: { input: NoInput, output: z.array(ForeignEditSchema) },
  /** The three-way merge adopting would write (base: memsync's last write there), with its conflicts. */
  previewAdoptForeignEdit: { input: z.object({ id: EditId }), output: AdoptPreviewSchema },
  adoptForeignEdit: {
    input: z.object({
      id: EditId,
      /**
       * The final text, as the person edited it. Default: the agent's change merged into the
       * memory (three ways); where both changed the same lines, `resolutions` must choose.
       */
      content: z.optional(MemoryText),
      resolutions: z.optional(z.array(AdoptResolutionSchema).check(z.maxLength(10_000))),
      /** The memory the person compared against; a newer memory makes this a conflict. */
      expectedHash: HashSchema,
    }),
    output: WriteResultSchema,
  },
  discardForeignEdit: { input: z.object({ id: EditId }), output: z.object({ discarded: z.string() }) },

  addNote: { input: z.object({ text: NoteTextSchema, source: z.optional(NoteSourceSchema) }), output: NoteSchema },
  listNotes: { input: ListNotesInputSchema, output: z.array(NoteSchema) },
  dismissNotes: {
    input: z.object({ ids: z.array(z.string().check(z.maxLength(200))).check(z.minLength(1), z.maxLength(10_000)) }),
    output: z.object({ dismissed: z.int() }),
  },
  captureInfo: { input: NoInput, output: CaptureInfoSchema },
  rotateCaptureToken: { input: NoInput, output: CaptureInfoSchema },

  runRefresh: {
    input: z.optional(z.object({ notes: z.optional(NoteTextSchema), dryRun: z.optional(z.boolean()) })),
    output: RefreshResultSchema,
  },
  listProposals: { input: z.optional(z.object({ state: z.optional(ProposalStateSchema) })), output: z.array(ProposalSchema) },
  getProposal: { input: z.object({ id: ProposalId }), output: ProposalSchema },
  approveProposal: {
    input: z.object({
      id: ProposalId,
      /** The changes to accept; all when omitted. */
      hunks: z.optional(z.array(z.int().check(z.positive())).check(z.maxLength(10_000))),
      /** The final text as the person edited it (instead of choosing changes). */
      content: z.optional(MemoryText),
    }),
    output: ProposalSchema,
  },
  rejectProposal: {
    input: z.object({ id: ProposalId, dismissNotes: z.optional(z.boolean()) }),
    output: ProposalSchema,
  },
  usageSummary: { input: NoInput, output: UsageSummarySchema },

  /** Whether a key is set and where it comes from; the key itself is never returned. */
  apiKeyStatus: { input: NoInput, output: z.object({ set: z.boolean(), source: z.nullable(z.enum(['store', 'env'])), where: z.string() }) },
  setApiKey: {
    input: z.object({ key: z.string().check(z.minLength(20), z.maxLength(400), z.regex(/^\S+$/)) }),
    output: z.object({ set: z.boolean(), source: z.nullable(z.enum(['store', 'env'])), where: z.string() }),
  },
  previewSchedule: {
    input: z.object({ cron: z.string().check(z.maxLength(200)) }),
    output: z.object({ valid: z.boolean(), error: z.nullable(z.string()), next: z.array(z.string()) }),
  },
  /** Start at login is a tray-app feature; `supported` is false in memsync serve. */
  getStartAtLogin: { input: NoInput, output: StartAtLoginSchema },
  setStartAtLogin: { input: z.object({ enabled: z.boolean() }), output: StartAtLoginSchema },
  /** Pauses or resumes watching files (nothing is fanned out or restored while paused); not kept across restarts. */
  setWatching: { input: z.object({ paused: z.boolean() }), output: z.object({ paused: z.boolean() }) },
  importMemsyncConfig: {
    input: NoInput,
    output: z.object({ imported: z.boolean(), file: z.string(), notes: z.array(z.string()) }),
  },
  /**
   * Three-way merge for the editor: the person's text (`mine`, edited from `base`) moved onto the
   * memory as it is now. Clean: `merged` is the result to save; otherwise both are shown.
   */
  mergeMemory: {
    input: z.object({ base: MemoryText, mine: MemoryText }),
    output: z.object({ clean: z.boolean(), merged: z.nullable(z.string()), current: MemoryDocSchema }),
  },
  restoreNotes: {
    input: z.object({ ids: z.array(z.string().check(z.maxLength(200))).check(z.minLength(1), z.maxLength(10_000)) }),
    output: z.object({ restored: z.int() }),
  },
} as const satisfies Record<MethodName, MethodSpec>;

export type ApiContract = typeof apiContract;
type Spec<K extends MethodName> = ApiContract[K];
type In<K extends MethodName> = z.input<Spec<K>['input']>;
type Out<K extends MethodName> = z.output<Spec<K>['output']>;

/** What the UI calls: methods without input take no argument. */
export type ApiClient = {
  [K in MethodName]: In<K> extends undefined ? () => Promise<Out<K>> : (input: In<K>) => Promise<Out<K>>;
};

/** What the engine implements: it receives input that already passed validation. */
export type ApiHandlers = {
  [K in MethodName]: (input: z.output<Spec<K>['input']>) => Promise<z.input<Spec<K>['output']>>;
};
