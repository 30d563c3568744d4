import { stat } from 'node:fs/promises';
import { checkCursor, START_CURSOR, type CursorCheck, type SessionCursor } from './cursor';
import { LineReader } from './line-reader';
import { quoted } from './records/text';
import type { RecordParser } from './records/types';

/**
 * Where a pass over a session starts, and what before that point counts as harvested already.
 *
 * - With a cursor that still matches the file: at its offset.
 * - With a cursor the file no longer matches (truncated, or replaced by a rewrite): from the start,
 *   every record up to and including the cursor's last record (found again by its id) counting as
 *   harvested. When that record is gone too, from the start with nothing skipped; `reset` says so.
 * - memsync (Python)'s harvested.json entry (Claude Code), when it claims more than the cursor:
 *   its count N is the number of records it counts as messages, so the first N of those are
 *   harvested. -1 (its older list format: "harvested, count unknown") without a cursor of ours:
 *   everything in the file now is harvested.
 */
export interface ReadPlan {
  start: number;
  /** Turns from records ending at or before this offset count as harvested already. */
  skipThrough: number;
  /** Turns from the first this-many memsync-counted records count as harvested already. */
  skipLegacy: number;
  /** The counts the pass continues from. */
  base: SessionCursor;
  reset: Exclude<CursorCheck, 'valid'> | null;
  /** After a reset: the cursor's last record was found again and reading resumes after it. */
  resynced: boolean;
}

export async function planRead(file: string, parser: () => RecordParser, cursor: SessionCursor | undefined, harvested: number | undefined): Promise<ReadPlan> {
  const skipLegacy = harvested !== undefined && harvested >= 0 ? harvested : 0;
  if (!cursor) {
    const skipThrough = harvested === -1 ? (await stat(file)).size : 0;
    return { start: 0, skipThrough, skipLegacy, base: START_CURSOR, reset: null, resynced: false };
  }
  const check = await checkCursor(file, cursor);
  if (check === 'valid') {
    return { start: cursor.offset, skipThrough: 0, skipLegacy: skipLegacy > cursor.legacyCount ? skipLegacy : 0, base: cursor, reset: null, resynced: false };
  }
  const found = cursor.lastId === null ? null : await findRecordEnd(file, parser(), cursor.lastId);
  return { start: 0, skipThrough: found ?? 0, skipLegacy, base: START_CURSOR, reset: check, resynced: found !== null };
}

/** The offset after the record whose own id is `id` (the last one, for Gemini's re-written messages), or null. */
async function findRecordEnd(file: string, parser: RecordParser, id: string): Promise<number | null> {
  const needle = quoted(id);
  const reader = await LineReader.open(file);
  let found: number | null = null;
  try {
    const onLine = ({ bytes, end }: { bytes: Buffer | null; end: number }) => {
      if (!bytes || !bytes.includes(needle)) return;
      try {
        const outcome = parser.parse(JSON.parse(bytes.toString('utf8')));
        if (outcome.kind !== 'rewind' && outcome.id === id) found = end;
      } catch {
        // a malformed line is not the record
      }
    };
    while (await reader.next(onLine));
  } finally {
    await reader.close();
  }
  return found;
}
