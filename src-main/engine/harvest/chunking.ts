import type { SessionCursor } from './cursor';
import type { Turn } from './turns';

/**
 * Packs a session's new turns into chunks of at most a token budget, one extraction call each.
 *
 * Turns are never cut silently: a turn bigger than the budget is split at line ends, else at
 * sentence ends, else at spaces (a hard cut only inside one enormous word), and each piece is
 * marked "part i of n". Joined in order, a turn's pieces are its text exactly.
 *
 * The token count is an estimate, not a tokenizer: a quarter of a token per ASCII character (the
 * "4 characters per token" rule for English that memsync (Python) used too), three quarters for a
 * 2-byte UTF-8 character (accented Latin, Cyrillic…), a token and a quarter for 3-byte ones (CJK)
 * and a token and a half for a 4-byte one (emoji), where 4 characters per token would badly
 * undercount. In quarter tokens that is `2 × UTF-8 bytes − UTF-16 units`: cheap (native byte
 * length) and additive, so a chunk's estimate is the sum of its parts.
 */

/** Between turns in a chunk: a private-use character markdown cannot produce (memsync's separator). */
export const TURN_SEPARATOR = '\n\n\ue001\n\n';

/** memsync (Python)'s default budget (`harvest_chunk_tokens`). */
export const DEFAULT_CHUNK_TOKENS = 6000;
const MIN_CHUNK_TOKENS = 100;

export function estimateTokens(text: string): number {
  return Math.ceil(quarterTokens(text) / 4);
}

const quarterTokens = (text: string): number => 2 * Buffer.byteLength(text, 'utf8') - text.length;

export interface ChunkTurn {
  role: Turn['role'];
  /** This piece of the turn's text (all of it unless the turn was split). */
  text: string;
  part: number;
  parts: number;
  id: string | null;
  timestamp: string | null;
  cwd: string | null;
  sidechain: boolean;
}

export interface Chunk {
  /** 0, 1, 2 … within one call of chunkTurns. */
  index: number;
  /** The turns as sent: a header per turn ("[USER]", "[ASSISTANT (part 2 of 3)]"), TURN_SEPARATOR between. */
  text: string;
  /** estimateTokens(text): at most the budget. */
  tokens: number;
  turns: ChunkTurn[];
  /**
   * Store this once this chunk and every one before it are harvested: after the last turn the
   * chunk completes (a chunk holding only the first pieces of a split turn keeps the one before).
   */
  cursor: SessionCursor;
}

export interface ChunkOptions {
  /** The most tokens (estimated) a chunk's text may have. */
  budgetTokens: number;
  /** The session's cursor before the first turn. */
  start: SessionCursor;
}

/** The header of a turn's piece in a chunk's text. */
export function turnHeader(turn: Pick<ChunkTurn, 'role' | 'sidechain' | 'part' | 'parts'>): string {
  const who = turn.role === 'user' ? 'USER' : 'ASSISTANT';
  const sub = turn.sidechain ? ' (sub-agent)' : '';
  const part = turn.parts > 1 ? ` (part ${turn.part} of ${turn.parts})` : '';
  return `[${who}${sub}${part}]\n`;
}

/** Room kept for any header when a turn is split (the longest: a sub-agent's part 99999 of 99999). */
const HEADER_RESERVE = quarterTokens(turnHeader({ role: 'assistant', sidechain: true, part: 99_999, parts: 99_999 }));
const SEPARATOR_COST = quarterTokens(TURN_SEPARATOR);

export async function* chunkTurns(turns: AsyncIterable<Turn> | Iterable<Turn>, options: ChunkOptions): AsyncGenerator<Chunk> {
  if (!(options.budgetTokens >= MIN_CHUNK_TOKENS)) throw new RangeError(`a chunk budget of ${options.budgetTokens} tokens is too small (at least ${MIN_CHUNK_TOKENS})`);
  const budget = options.budgetTokens * 4;
  let index = 0;
  let cursor = options.start;
  let pieces: string[] = [];
  let members: ChunkTurn[] = [];
  let cost = 0;
  const emit = (): Chunk => {
    const text = pieces.join(TURN_SEPARATOR);
    const chunk = { index: index++, text, tokens: estimateTokens(text), turns: members, cursor };
    pieces = [];
    members = [];
    cost = 0;
    return chunk;
  };
  for await (const turn of turns) {
    const parts = splitTurn(turn, budget);
    for (const [i, text] of parts.entries()) {
      const member: ChunkTurn = { role: turn.role, text, part: i + 1, parts: parts.length, id: turn.id, timestamp: turn.timestamp, cwd: turn.cwd, sidechain: turn.sidechain };
      const piece = turnHeader(member) + text;
      const pieceCost = quarterTokens(piece);
      if (members.length > 0 && cost + SEPARATOR_COST + pieceCost > budget) yield emit();
      cost += (members.length > 0 ? SEPARATOR_COST : 0) + pieceCost;
      pieces.push(piece);
      members.push(member);
      if (i === parts.length - 1) cursor = turn.cursor;
    }
  }
  if (members.length > 0) yield emit();
}

/** The turn's text whole when it fits an empty chunk, else in pieces that each fit with any header. */
function splitTurn(turn: Turn, budget: number): string[] {
  if (quarterTokens(turnHeader({ ...turn, part: 1, parts: 1 }) + turn.text) <= budget) return [turn.text];
  return splitText(turn.text, budget - HEADER_RESERVE);
}

/** Pieces of at most `capacity` quarter tokens each, cut at the best boundary in the second half of each. */
export function splitText(text: string, capacity: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    const limit = fittingEnd(text, start, capacity);
    const cut = limit === text.length ? limit : bestCut(text, start, limit);
    pieces.push(text.slice(start, cut));
    start = cut;
  }
  return pieces;
}

/** The furthest end after `start` whose slice costs at most `capacity` (never between a surrogate pair). */
function fittingEnd(text: string, start: number, capacity: number): number {
  let cost = 0;
  let i = start;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // In quarter tokens per UTF-16 unit: 2 × its UTF-8 bytes − 1 (a surrogate half: 4 bytes per 2 units).
    const unitCost = code < 0x80 ? 1 : code < 0x800 ? 3 : code >= 0xd800 && code <= 0xdfff ? 3 : 5;
    if (cost + unitCost > capacity) break;
    cost += unitCost;
  }
  if (i > start && i < text.length && isHighSurrogate(text.charCodeAt(i - 1))) i--;
  // Room for at least one whole character, whatever the capacity.
  return i > start ? i : Math.min(text.length, start + (isHighSurrogate(text.charCodeAt(start)) ? 2 : 1));
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** Where to end a piece in (start, limit]: after a line end, else a sentence end, else a space, else at the limit. */
function bestCut(text: string, start: number, limit: number): number {
  const floor = start + Math.floor((limit - start) / 2);
  const window = text.slice(floor, limit);
  const line = window.lastIndexOf('\n');
  if (line !== -1) return floor + line + 1;
  const sentence = Math.max(...['. ', '! ', '? ', '。', '！', '？'].map((mark) => {
    const at = window.lastIndexOf(mark);
    return at === -1 ? -1 : at + mark.length;
  }));
  if (sentence > 0) return floor + sentence;
  const space = Math.max(window.lastIndexOf(' '), window.lastIndexOf('\t'));
  if (space !== -1) return floor + space + 1;
  return limit;
}
