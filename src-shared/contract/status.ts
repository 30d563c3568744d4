import { z } from 'zod/mini';
import { MemoryStatusSchema } from './memory';
import { RefreshStatusSchema } from './proposals';

/** Which program hosts the engine: the tray app or `memsync serve`. */
export const HostKindSchema = z.enum(['electron', 'headless']);
export type HostKind = z.infer<typeof HostKindSchema>;

export const EngineStateSchema = z.enum(['starting', 'running', 'stopping', 'stopped']);
export type EngineState = z.infer<typeof EngineStateSchema>;

export const OsSchema = z.enum(['darwin', 'win32', 'linux']);
export type Os = z.infer<typeof OsSchema>;

/** The quick-note shortcut as the tray app registered it (another app may hold it). */
export const ShortcutStatusSchema = z.object({
  /** The setting ('' when the person turned the shortcut off). */
  accelerator: z.string(),
  registered: z.boolean(),
  /** Why it is not registered, in words, with what to do instead. */
  problem: z.nullable(z.string()),
});
export type ShortcutStatus = z.infer<typeof ShortcutStatusSchema>;

/** The tray app's updater: off (development build, or turned off), or where it is. */
export const UpdateStatusSchema = z.object({
  state: z.enum(['off', 'idle', 'checking', 'downloading', 'ready', 'error']),
  /** The version being downloaded or ready to install. */
  version: z.nullable(z.string()),
  /** The state in words, e.g. "memsync 0.2.0 is ready: it installs when you quit." */
  message: z.string(),
  checkedAt: z.nullable(z.iso.datetime({ offset: true })),
});
export type UpdateStatus = z.infer<typeof UpdateStatusSchema>;

/** What only the tray app has; null in memsync serve. */
export const DesktopStatusSchema = z.object({
  shortcut: ShortcutStatusSchema,
  updates: UpdateStatusSchema,
});
export type DesktopStatus = z.infer<typeof DesktopStatusSchema>;

/** What the engine says about itself; later capabilities add their own sections. */
export const StatusSchema = z.object({
  version: z.string(),
  host: HostKindSchema,
  state: EngineStateSchema,
  os: OsSchema,
  machine: z.string(),
  startedAt: z.nullable(z.iso.datetime({ offset: true })),
  userDataDir: z.string(),
  /** The model used when the settings name none. */
  defaultModel: z.string(),
  /** Where secrets are kept on this machine (keychain, or a private file). */
  secretStore: z.string(),
  /** Why secrets are not in a keychain here, and what protects them instead (null when they are). */
  secretStoreWarning: z.nullable(z.string()),
  /** Watching files is paused (tray menu): nothing is fanned out or restored until it resumes. */
  paused: z.boolean(),
  desktop: z.nullable(DesktopStatusSchema),
  memory: MemoryStatusSchema,
  refresh: RefreshStatusSchema,
  /** Things a person should know about (a settings file moved aside, …), in words. */
  problems: z.array(z.string()),
});
export type Status = z.infer<typeof StatusSchema>;
