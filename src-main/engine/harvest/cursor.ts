import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { TAIL_BYTES } from './line-reader';

/**
 * How far a session has been harvested, kept per machine and per session file: the byte offset
 * after the last line read, plus what identifies that line and the last record, so a file that was
 * truncated or replaced since is noticed instead of being read from a wrong offset. (Its schema,
 * for the file part 2 keeps cursors in, is cursor-schema.ts: reading does not load zod.)
 */
export interface SessionCursor {
  /** Bytes already read: the offset just after a complete line (a line start). */
  offset: number;
  /** The line that ends at `offset`: its length and a hash of its last bytes. Null at 0. */
  line: { length: number; hash: string } | null;
  /**
   * The own id of the last record read that has one (Claude Code's uuid, a Codex item id, a
   * Gemini message id). When the file was rewritten, reading resumes after that record.
   */
  lastId: string | null;
  /** Records before `offset` that memsync (Python) counts as messages: its harvested.json unit. */
  legacyCount: number;
  /** Turns read before `offset`, over all passes. */
  turns: number;
}

export const START_CURSOR: SessionCursor = Object.freeze({ offset: 0, line: null, lastId: null, legacyCount: 0, turns: 0 });

/** The identity of a line from its length and its last bytes (line-reader's `tail`). */
export function lineIdentity(length: number, tail: Buffer): { length: number; hash: string } {
  return { length, hash: createHash('sha256').update(`${length}:`).update(tail).digest('hex').slice(0, 32) };
}

export type CursorCheck = 'valid' | 'truncated' | 'replaced';

/**
 * Whether `file` still holds, just before the cursor's offset, the line the cursor was taken at:
 * a newline there, the same last bytes, and a newline (or the file's start) where the line began.
 * Reads at most TAIL_BYTES + 2 bytes.
 */
export async function checkCursor(file: string, cursor: SessionCursor): Promise<CursorCheck> {
  if (cursor.offset === 0) return 'valid';
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size < cursor.offset) return 'truncated';
    if (!cursor.line) return 'replaced';
    const { length, hash } = cursor.line;
    const lineStart = cursor.offset - 1 - length;
    if (lineStart < 0) return 'replaced';
    const tailLength = Math.min(length, TAIL_BYTES);
    const bytes = Buffer.alloc(tailLength + 1);
    await handle.read(bytes, 0, bytes.length, cursor.offset - 1 - tailLength);
    if (bytes[tailLength] !== 0x0a || lineIdentity(length, bytes.subarray(0, tailLength)).hash !== hash) return 'replaced';
    if (lineStart > 0) {
      const before = Buffer.alloc(1);
      await handle.read(before, 0, 1, lineStart - 1);
      if (before[0] !== 0x0a) return 'replaced';
    }
    return 'valid';
  } finally {
    await handle.close();
  }
}
