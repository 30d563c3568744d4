import { z } from 'zod/mini';

/**
 * Where a note came from: the tray quick note, the window, the CLI, the capture endpoint (with the
 * client's own label: `http:iphone`), the inbox folder, a transcript harvest (`harvest:<session>`),
 * a refresh run's own notes, or memsync (Python) entries without our metadata.
 */
export const NoteSourceSchema = z.string().check(z.regex(/^(tray|ui|cli|http|inbox|refresh|memsync|harvest)(:[A-Za-z0-9._-]{1,64})?$/));
export type NoteSource = z.infer<typeof NoteSourceSchema>;

export const NoteStateSchema = z.enum(['unmerged', 'merged', 'dismissed']);
export type NoteState = z.infer<typeof NoteStateSchema>;

export const NoteSchema = z.object({
  id: z.string(),
  /** The session-log day (local date of capture), YYYY-MM-DD. */
  day: z.string(),
  /** Local time of capture, HH:MM:SS (memsync's entry heading). */
  time: z.string(),
  source: z.string(),
  text: z.string(),
  /** Secrets were removed from the text when it was stored; which kinds. */
  redacted: z.array(z.string()),
  state: NoteStateSchema,
});
export type Note = z.infer<typeof NoteSchema>;

export const NoteTextSchema = z.string().check(z.maxLength(64 * 1024));

export const ListNotesInputSchema = z.optional(
  z.object({
    state: z.optional(NoteStateSchema),
    day: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
    source: z.optional(z.string()),
    /** Newest first; at most this many. */
    limit: z.optional(z.int().check(z.positive(), z.maximum(10_000))),
  }),
);
export type ListNotesInput = z.infer<typeof ListNotesInputSchema>;

/** What a phone or script needs to post notes here. */
export const CaptureInfoSchema = z.object({
  /** The URL to post to, e.g. http://192.168.1.20:5001/note (null while the endpoint is not running). */
  url: z.nullable(z.string()),
  /** Reachable from other machines (LAN mode). */
  lan: z.boolean(),
  token: z.string(),
  /** Why the endpoint is not running, if it is not. */
  problem: z.nullable(z.string()),
});
export type CaptureInfo = z.infer<typeof CaptureInfoSchema>;
