/**
 * The names of every API method, without schemas, so the sandboxed preload can check a method
 * name without bundling the validation library. `api.ts` must define exactly these (type-checked).
 */
export const METHOD_NAMES = [
  'status',
  // memory root and settings
  'detectProviders',
  'initMemoryRoot',
  'getSettings',
  'updateSettings',
  // the canonical memory and its backups
  'readMemory',
  'writeMemory',
  'listBackups',
  'readBackup',
  'restoreBackup',
  // instruction targets and drift
  'updateTarget',
  'syncTargets',
  'listForeignEdits',
  'previewAdoptForeignEdit',
  'adoptForeignEdit',
  'discardForeignEdit',
  // notes and capture
  'addNote',
  'listNotes',
  'dismissNotes',
  'captureInfo',
  'rotateCaptureToken',
  // refresh with approval
  'runRefresh',
  'listProposals',
  'getProposal',
  'approveProposal',
  'rejectProposal',
  'usageSummary',
  // settings that are not plain settings fields
  'apiKeyStatus',
  'setApiKey',
  'previewSchedule',
  'getStartAtLogin',
  'setStartAtLogin',
  'importMemsyncConfig',
  // the tray app
  'setWatching',
  // the window's helpers
  'mergeMemory',
  'restoreNotes',
] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && (METHOD_NAMES as readonly string[]).includes(value);
}

/** IPC channel names shared by main and preload. */
export const IPC_INVOKE_CHANNEL = 'memsync:invoke';
export const IPC_EVENT_CHANNEL = 'memsync:event';
