import { z } from 'zod';
import type { SessionCursor } from './cursor';

/** A stored session cursor (cursor.ts), validated where it is read back. */
export const SessionCursorSchema = z.object({
  offset: z.number().int().nonnegative(),
  line: z.object({ length: z.number().int().nonnegative(), hash: z.string() }).nullable(),
  lastId: z.string().nullable(),
  legacyCount: z.number().int().nonnegative(),
  turns: z.number().int().nonnegative(),
}) satisfies z.ZodType<SessionCursor>;
