import { z } from 'zod/mini';
import { StatusSchema } from './status';

/**
 * Everything the engine announces. The UI listens instead of polling; both transports (IPC events
 * and server-sent events) carry these objects unchanged.
 */
export const EngineEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: StatusSchema }),
]);
export type EngineEvent = z.infer<typeof EngineEventSchema>;
export type EngineEventType = EngineEvent['type'];
