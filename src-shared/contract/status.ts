import { z } from 'zod/mini';

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
});
export type Status = z.infer<typeof StatusSchema>;
