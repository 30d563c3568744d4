import type { ApiHandlers, CaptureInfo, Status } from '../../src-shared/contract';
import type { MemoryService } from './memory/service';
import type { NotesService } from './notes/service';
import type { RefreshService } from './refresh/service';
import { readUsageLog } from './memory/memsync-files';
import { memoryLayout } from './memory/layout';
import { summarizeUsage } from './usage/summary';
import { createExtraHandlers, type ExtraParts } from './extra-handlers';
import type { SettingsStore } from './settings';

export interface EngineParts {
  status: () => Status;
  memory: MemoryService;
  settings: SettingsStore;
  notes: NotesService;
  refresh: RefreshService;
  captureInfo: () => Promise<CaptureInfo>;
  rotateCaptureToken: () => Promise<CaptureInfo>;
  extra: ExtraParts;
}

/** The shared contract's methods, each delegating to the part of the engine that owns it. */
export function createApiHandlers(parts: EngineParts): ApiHandlers {
  const { memory, settings, notes, refresh } = parts;
  return {
    status: async () => parts.status(),

    detectProviders: async () => memory.detectProviders(),
    initMemoryRoot: (input) => memory.init(input),
    getSettings: async () => settings.get(),
    updateSettings: async (patch) => settings.update(patch),

    readMemory: () => memory.read(),
    writeMemory: (input) => memory.write(input.content, input.expectedHash),
    listBackups: () => memory.listBackups(),
    readBackup: (input) => memory.readBackup(input.name),
    restoreBackup: (input) => memory.restore(input.name, input.expectedHash),

    updateTarget: (input) => memory.updateTarget(input),
    syncTargets: (input) => memory.syncTargets(input?.id),
    listForeignEdits: () => memory.listForeignEdits(),
    previewAdoptForeignEdit: (input) => memory.previewAdopt(input.id),
    adoptForeignEdit: (input) => memory.adopt(input.id, input.expectedHash, { content: input.content, resolutions: input.resolutions }),
    discardForeignEdit: (input) => memory.discard(input.id),

    addNote: (input) => notes.add({ text: input.text, source: input.source ?? 'ui' }),
    listNotes: (input) => notes.list(input ?? {}),
    dismissNotes: async (input) => ({ dismissed: await notes.dismiss(input.ids) }),
    captureInfo: () => parts.captureInfo(),
    rotateCaptureToken: () => parts.rotateCaptureToken(),

    runRefresh: (input) => refresh.run({ extraNotes: input?.notes, source: 'ui', dryRun: input?.dryRun ?? false }),
    listProposals: async (input) => (await refresh.proposals().list()).filter((p) => !input?.state || p.state === input.state),
    getProposal: (input) => refresh.proposals().get(input.id),
    approveProposal: (input) => refresh.approve(input),
    rejectProposal: (input) => refresh.reject(input.id, input.dismissNotes ?? false),
    usageSummary: async () => {
      const root = memory.usableRoot();
      if (typeof root !== 'string') throw root;
      return summarizeUsage(await readUsageLog(memoryLayout(root).usageFile), new Date());
    },

    ...createExtraHandlers(parts.extra),
  };
}
