import { z } from 'zod/mini';
import { ForeignEditSchema, HashSchema } from './memory';
import { NoteSchema } from './notes';
import { ProposalSchema } from './proposals';
import { StatusSchema } from './status';

/**
 * Everything the engine announces. The UI listens instead of polling; both transports (IPC events
 * and server-sent events) carry these objects unchanged.
 */
export const EngineEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: StatusSchema }),
  /** GLOBAL_MEMORY.md has new content (from this app, another device, an agent, a restore). */
  z.object({ type: z.literal('memory-changed'), hash: HashSchema }),
  /** An instruction file was changed by something else; its version awaits adopt or discard. */
  z.object({ type: z.literal('foreign-edit'), edit: ForeignEditSchema }),
  /** A note was stored (from any source). */
  z.object({ type: z.literal('note-added'), note: NoteSchema }),
  /** Notes changed state (merged, dismissed) or arrived in bulk (another machine's log synced in). */
  z.object({ type: z.literal('notes-changed') }),
  /** A refresh started, finished or failed; `message` says what happened, in words. */
  z.object({ type: z.literal('refresh'), state: z.enum(['running', 'done', 'failed']), message: z.string() }),
  /** A proposal was created or changed state (applied, rejected, superseded, rebased, conflict). */
  z.object({ type: z.literal('proposal'), proposal: ProposalSchema }),
]);
export type EngineEvent = z.infer<typeof EngineEventSchema>;
export type EngineEventType = EngineEvent['type'];
