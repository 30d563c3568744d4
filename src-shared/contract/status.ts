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
  memory: MemoryStatusSchema,
  refresh: RefreshStatusSchema,
  /** Things a person should know about (a settings file moved aside, …), in words. */
  problems: z.array(z.string()),
});
export type Status = z.infer<typeof StatusSchema>;
