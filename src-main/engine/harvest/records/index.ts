import type { SourceId } from '../sources';
import { claudeCodeParser } from './claude-code';
import { codexParser } from './codex';
import { geminiParser } from './gemini';
import type { ParserOptions, RecordParser } from './types';

export type { DropReason, RecordOutcome, RecordParser, Role } from './types';

const PARSERS: Record<SourceId, (options: ParserOptions) => RecordParser> = {
  'claude-code': claudeCodeParser,
  codex: codexParser,
  gemini: geminiParser,
};

/** A fresh parser for one session of `source` (parsers keep per-session state). */
export function recordParser(source: SourceId, options: ParserOptions): RecordParser {
  return PARSERS[source](options);
}
