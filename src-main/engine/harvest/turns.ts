import { isUtf8 } from 'node:buffer';
import { lineIdentity, type SessionCursor } from './cursor';
import { copyTail, LineReader, TAIL_BYTES, type Line, type LineCounts } from './line-reader';
import { recordParser } from './records';
import type { DropReason, KeptRecord, RecordParser, Role } from './records/types';
import { planRead, type ReadPlan } from './resume';
import type { SourceId } from './sources';

/**
 * The new turns of one session, read as a stream from its cursor: what part 2 of harvest turns
 * into chunks (chunking.ts) and sends. Each turn carries the cursor to store once it, and every
 * turn before it, is harvested; the read's summary (after the last turn) carries the cursor for
 * the whole pass, past the records that yielded nothing.
 */

export interface Turn {
  role: Role;
  text: string;
  /** The id of the turn's last record (Claude Code uuid, Codex item id, Gemini message id). */
  id: string | null;
  timestamp: string | null;
  /** The working directory the agent ran in (from the records; for Gemini, from its project folder). */
  cwd: string | null;
  /** A sub-agent's turn (only when sub-agents are included). */
  sidechain: boolean;
  /** Byte offsets: the turn's first record starts at `start`, its last one ends at `end`. */
  start: number;
  end: number;
  cursor: SessionCursor;
}

export interface ReadTurnsOptions {
  source: SourceId;
  /** Where the last pass stopped; none for a session never read. */
  cursor?: SessionCursor;
  /** This session's entry in harvested.json (memsync's message count; Claude Code), if any. */
  harvested?: number;
  /** Read sub-agent turns too. Default false. */
  includeSidechains?: boolean;
  /**
   * The session may still be written to (it is inside its quiet period): a trailing reply is held
   * back, since more of it may follow, and read in full by a later pass. Default false.
   */
  live?: boolean;
  /** The project folder when the records do not name one (Gemini: its .project_root). */
  project?: string | null;
  maxLineBytes?: number;
  blockBytes?: number;
}

export interface ReadSummary {
  /** Store this once every turn of the pass is harvested. */
  cursor: SessionCursor;
  /** Turns handed out by this pass. */
  turns: number;
  /** Bytes from the pass's start to its cursor. */
  bytes: number;
  lines: LineCounts & { malformed: number; invalidUtf8: number; unread: number };
  /** Records that yielded no turn, by reason; 'harvested' counts turns skipped as harvested before. */
  dropped: Partial<Record<DropReason | 'harvested', number>>;
  rewinds: number;
  /** A trailing reply was held back (`live`). */
  held: boolean;
  reset: ReadPlan['reset'];
  resynced: boolean;
}

/** A stream of turns whose `summary` is set once it has been read to the end. */
export interface TurnStream extends AsyncIterable<Turn> {
  readonly summary: ReadSummary | undefined;
}

/**
 * Reads `file` from `options.cursor` (or its start). Bad lines are skipped and counted, never
 * thrown; a file that cannot be opened rejects the iteration with its error.
 */
export function readTurns(file: string, options: ReadTurnsOptions): TurnStream {
  let summary: ReadSummary | undefined;
  return {
    get summary() {
      return summary;
    },
    [Symbol.asyncIterator]: () => generateTurns(file, options, (s) => (summary = s)),
  };
}

/** Where a pass stands: after the line ending at `end`, whose last bytes are `tail`. */
interface Position {
  end: number;
  length: number;
  tail: Buffer;
  tailLength: number;
  lastId: string | null;
  legacyCount: number;
  turns: number;
}

/** A turn still open to more records of its group, with the cursor from before its first record. */
interface Pending {
  turn: Turn;
  group: KeptRecord['group'];
  before: SessionCursor;
}

async function* generateTurns(file: string, options: ReadTurnsOptions, done: (summary: ReadSummary) => void): AsyncGenerator<Turn> {
  const newParser = () => recordParser(options.source, { includeSidechains: options.includeSidechains ?? false });
  const parser = newParser();
  const plan = await planRead(file, newParser, options.cursor, options.harvested);
  const reader = await LineReader.open(file, { start: plan.start, maxLineBytes: options.maxLineBytes, blockBytes: options.blockBytes });
  const state = new PassState(plan, parser, options.project ?? null);
  try {
    const onLine = (line: Line) => state.line(line);
    while (await reader.next(onLine)) yield* state.drain();
    const held = state.finish(options.live ?? false);
    yield* state.drain();
    done(state.summary(reader, plan, held));
  } finally {
    await reader.close();
  }
}

class PassState {
  readonly #plan: ReadPlan;
  readonly #parser: RecordParser;
  readonly #project: string | null;
  readonly #ready: Turn[] = [];
  #pending: Pending | null = null;
  /** Where the pass stands after the last line seen, and where it stood before that line. */
  #now: Position;
  #before: Position;
  #yielded = 0;
  #rewinds = 0;
  readonly #counts = { malformed: 0, invalidUtf8: 0, unread: 0 };
  readonly #dropped: ReadSummary['dropped'] = {};

  constructor(plan: ReadPlan, parser: RecordParser, project: string | null) {
    this.#plan = plan;
    this.#parser = parser;
    this.#project = project;
    this.#now = { end: plan.start, length: 0, tail: Buffer.alloc(TAIL_BYTES), tailLength: 0, lastId: plan.base.lastId, legacyCount: plan.base.legacyCount, turns: plan.base.turns };
    this.#before = { ...this.#now, tail: Buffer.alloc(TAIL_BYTES) };
  }

  line(line: Line): void {
    // Two positions swap roles, so no line costs an allocation (the reader reuses its buffer).
    const before = this.#now;
    const now = this.#before;
    now.end = line.end;
    now.length = line.length;
    now.tailLength = copyTail(line, now.tail);
    now.lastId = before.lastId;
    now.legacyCount = before.legacyCount;
    now.turns = before.turns;
    this.#before = before;
    this.#now = now;
    if (line.kind !== 'text' || !line.bytes) return;
    if (!this.#parser.mayMatter(line.bytes)) {
      this.#counts.unread++;
      return;
    }
    let record: unknown;
    try {
      // Invalid UTF-8 (a damaged file) is decoded with U+FFFD in place of the bad bytes, and counted.
      if (!isUtf8(line.bytes)) this.#counts.invalidUtf8++;
      record = JSON.parse(line.bytes.toString('utf8'));
    } catch {
      this.#counts.malformed++;
      return;
    }
    const outcome = this.#parser.parse(record);
    if (outcome.legacy) this.#now.legacyCount++;
    if (outcome.kind === 'rewind') {
      this.#rewinds++;
      if (this.#pending && this.#pending.turn.id === outcome.id) {
        this.#pending = null;
        this.#now.turns--;
      }
      return;
    }
    if (outcome.id !== null) this.#now.lastId = outcome.id;
    if (outcome.kind === 'drop') {
      this.#count(outcome.reason);
      return;
    }
    if (line.end <= this.#plan.skipThrough || (outcome.legacy && this.#now.legacyCount <= this.#plan.skipLegacy)) {
      this.#count('harvested');
      return;
    }
    this.#keep(outcome, line);
  }

  #keep(record: KeptRecord, line: Line): void {
    const pending = this.#pending;
    if (pending && record.group && pending.group?.id === record.group.id && pending.turn.role === record.role) {
      const turn = pending.turn;
      turn.text = record.group.merge === 'append' ? `${turn.text}\n${record.text}` : record.text;
      turn.id = record.id ?? turn.id;
      turn.timestamp = record.timestamp ?? turn.timestamp;
      turn.end = line.end;
      turn.cursor = this.#cursor(this.#now);
      return;
    }
    this.#flush();
    // Before this record: where a held-back turn would be read again from.
    const before = record.group ? this.#cursor(this.#before) : null;
    this.#now.turns++;
    const turn: Turn = {
      role: record.role,
      text: record.text,
      id: record.id,
      timestamp: record.timestamp,
      cwd: record.cwd ?? this.#project,
      sidechain: record.sidechain,
      start: line.start,
      end: line.end,
      cursor: this.#cursor(this.#now),
    };
    if (record.group && before) this.#pending = { turn, group: record.group, before };
    else this.#ready.push(turn);
  }

  /** Ends the pass: the open turn is handed out, or held back when the session is live. */
  finish(live: boolean): boolean {
    if (!this.#pending || !live) {
      this.#flush();
      return false;
    }
    return true;
  }

  *drain(): Generator<Turn> {
    for (const turn of this.#ready.splice(0)) {
      this.#yielded++;
      yield turn;
    }
  }

  summary(reader: LineReader, plan: ReadPlan, held: boolean): ReadSummary {
    const cursor = held && this.#pending ? this.#pending.before : this.#cursor(this.#now);
    return {
      cursor,
      turns: this.#yielded,
      bytes: cursor.offset - plan.start,
      lines: { ...reader.counts, ...this.#counts },
      dropped: this.#dropped,
      rewinds: this.#rewinds,
      held,
      reset: plan.reset,
      resynced: plan.resynced,
    };
  }

  #flush(): void {
    if (!this.#pending) return;
    this.#ready.push(this.#pending.turn);
    this.#pending = null;
  }

  /** The cursor at a position (the pass's own start: the cursor it started from). */
  #cursor(at: Position): SessionCursor {
    if (at.end === this.#plan.start && this.#plan.start === this.#plan.base.offset) return { ...this.#plan.base, legacyCount: at.legacyCount, turns: at.turns };
    return {
      offset: at.end,
      line: lineIdentity(at.length, at.tail.subarray(0, at.tailLength)),
      lastId: at.lastId,
      legacyCount: at.legacyCount,
      turns: at.turns,
    };
  }

  #count(reason: DropReason | 'harvested'): void {
    this.#dropped[reason] = (this.#dropped[reason] ?? 0) + 1;
  }
}
