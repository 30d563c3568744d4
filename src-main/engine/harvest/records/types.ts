/**
 * What a source's record parser says about one transcript record. Every source (Claude Code,
 * Codex, Gemini CLI) maps its own record types onto these outcomes; the turn reader (turns.ts)
 * does the rest the same way for all of them.
 */

export type Role = 'user' | 'assistant';

/** Why a record yields no turn. Counted per reason in a read's summary. */
export type DropReason =
  /** A record type that is not dialogue: state, metadata, progress, snapshots, usage, system. */
  | 'not-dialogue'
  /** Tool calls and tool results (and the text the harness attaches to results). */
  | 'tool'
  /** Thinking / reasoning. */
  | 'thinking'
  /** Text the harness wrote: isMeta records, caveats, environment context, instructions, synthetic replies. */
  | 'harness'
  /** Slash commands and their output, shell-mode input and output. */
  | 'command'
  /** A compaction summary: the model's own summary of turns that are still in the file. */
  | 'compaction'
  /** Sub-agent traffic (kept only when sub-agents are included). */
  | 'sidechain'
  /** Background-task and sub-agent notifications. */
  | 'notification'
  /** Nothing left once the above is removed (images only, whitespace). */
  | 'empty'
  /** JSON, but not a record of this source (not an object, no type). */
  | 'malformed';

export interface KeptRecord {
  kind: 'turn';
  role: Role;
  text: string;
  /** The record's own id, where it has one. */
  id: string | null;
  /**
   * Records with the same group continue one turn: Claude Code writes one reply as a record per
   * content block ('append'); Gemini CLI appends a message again when it gains fields ('replace').
   */
  group: { id: string; merge: 'append' | 'replace' } | null;
  timestamp: string | null;
  cwd: string | null;
  sidechain: boolean;
}

export interface DroppedRecord {
  kind: 'drop';
  reason: DropReason;
  id: string | null;
  cwd: string | null;
}

/** Gemini CLI's `$rewindTo`: that message and everything after it were taken back. */
export interface RewindRecord {
  kind: 'rewind';
  id: string;
}

export type RecordOutcome = (KeptRecord | DroppedRecord | RewindRecord) & {
  /** memsync (Python) counts this record as a message (its harvested.json counts; Claude Code only). */
  legacy: boolean;
};

export interface ParserOptions {
  /** Keep sub-agent (sidechain) turns. Default false: they are the agent talking to itself. */
  includeSidechains: boolean;
}

/** One session's parser: it may keep state across records (Codex's cwd and sub-agent flag). */
export interface RecordParser {
  /**
   * A cheap test on the raw line: false only when the line cannot hold a turn, an id worth
   * remembering or state (a 40 KB request shape, a usage record). Such lines are never decoded.
   * It must never be false for a line `parse` would keep: tests check it on every fixture.
   */
  mayMatter(line: Buffer): boolean;
  parse(record: unknown): RecordOutcome;
}

export const drop = (reason: DropReason, legacy = false, id: string | null = null, cwd: string | null = null): RecordOutcome => ({
  kind: 'drop',
  reason,
  id,
  cwd,
  legacy,
});

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);
