import { quoted, startsWithOneOf } from './text';
import { drop, isObject, stringOrNull, type DropReason, type ParserOptions, type RecordOutcome, type RecordParser } from './types';

/**
 * Gemini CLI sessions (`~/.gemini/tmp/<project>/chats/session-*.jsonl`), the JSONL format of
 * 0.61.0, established from its public source (packages/core/src/services/chatRecordingService.ts
 * at 5411f11) and a real run; what was found: docs/harvest.md,
 * fixtures: tests/fixtures/transcripts/gemini/.
 *
 * Lines: a metadata line (`{sessionId, projectHash, kind, …}`), message records
 * (`{id, type: user|gemini|info|error|warning, content, displayContent?, toolCalls?, thoughts?}`),
 * `{"$set": …}` metadata updates and `{"$rewindTo": id}`.
 * - A message is appended again whenever it gains fields (tokens, tool calls), and only while it
 *   is the last one: consecutive copies of one id are one turn, the last copy wins ('replace').
 * - `$set.messages` restates the whole history (a checkpoint after masking or compression). Its
 *   messages were appended as records before, or are synthetic (summaries): never read from it.
 * - `$rewindTo` takes a message and what follows back. The turn reader drops a turn it still holds;
 *   turns handed out before it are not withdrawn (as with a branch Claude Code abandons).
 * - Kept: what the person typed (`displayContent` when present: `content` may hold the expanded
 *   text of @-referenced files), and the model's text parts. Dropped: tool calls and responses
 *   (function parts), thoughts, info/error/warning messages, the `<session_context>` message.
 * - Legacy `session-*.json` files (one JSON object, before the JSONL format) are not read.
 */

const SET_PREFIX = Buffer.from('{"$set"');
const TOKENS = [quoted('user'), quoted('gemini'), quoted('$rewindTo'), quoted('projectHash')];
const HARNESS_PREFIXES = ['<session_context>'];

export function geminiParser(options: ParserOptions): RecordParser {
  const session = { subagent: false };
  return {
    // `$set` lines (metadata, checkpoints of the whole history) are never read.
    mayMatter: (line) => !line.subarray(0, SET_PREFIX.length).equals(SET_PREFIX) && TOKENS.some((t) => line.includes(t)),
    parse: (record) => parseLine(record, session, options),
  };
}

function parseLine(line: unknown, session: { subagent: boolean }, options: ParserOptions): RecordOutcome {
  if (!isObject(line)) return drop('malformed');
  if (typeof line.$rewindTo === 'string') return { kind: 'rewind', id: line.$rewindTo, legacy: false };
  if ('$set' in line) return drop('not-dialogue');
  if (typeof line.type !== 'string') {
    if (typeof line.sessionId === 'string' && typeof line.projectHash === 'string') {
      session.subagent = line.kind === 'subagent';
      return drop('not-dialogue');
    }
    return drop('malformed');
  }
  const id = stringOrNull(line.id);
  const dropped = (reason: DropReason) => drop(reason, false, id);
  if (line.type !== 'user' && line.type !== 'gemini') return dropped(line.type === 'info' || line.type === 'error' || line.type === 'warning' ? 'harness' : 'not-dialogue');
  if (session.subagent && !options.includeSidechains) return dropped('sidechain');
  const result = line.type === 'user' ? userText(line) : modelText(line);
  if (typeof result !== 'string') return dropped(result.reason);
  return {
    kind: 'turn',
    role: line.type === 'user' ? 'user' : 'assistant',
    text: result,
    id,
    group: line.type === 'gemini' && id ? { id, merge: 'replace' } : null,
    timestamp: stringOrNull(line.timestamp),
    cwd: null, // the session's project comes from its folder (sessions.ts)
    sidechain: session.subagent,
    legacy: false,
  };
}

type TextOrDrop = string | { reason: DropReason };

interface PartsText {
  text: string;
  tool: boolean;
  thought: boolean;
}

/** The text of a PartListUnion (a string, a part, or a list of either); function parts and thoughts are noted, not kept. */
function partsText(content: unknown): PartsText {
  const result: PartsText = { text: '', tool: false, thought: false };
  const texts: string[] = [];
  for (const part of Array.isArray(content) ? content : [content]) {
    if (typeof part === 'string') texts.push(part);
    else if (!isObject(part)) continue;
    else if ('functionCall' in part || 'functionResponse' in part) result.tool = true;
    else if (part.thought === true) result.thought = true;
    else if (typeof part.text === 'string') texts.push(part.text);
  }
  result.text = texts.join('\n').trim();
  return result;
}

function userText(message: Record<string, unknown>): TextOrDrop {
  const content = partsText(message.content);
  if (content.tool) return { reason: 'tool' };
  const shown = message.displayContent === undefined ? content : partsText(message.displayContent);
  const text = shown.text || content.text;
  if (!text) return { reason: 'empty' };
  if (startsWithOneOf(text, HARNESS_PREFIXES)) return { reason: 'harness' };
  return text;
}

function modelText(message: Record<string, unknown>): TextOrDrop {
  const content = partsText(message.content);
  if (content.text) return content.text;
  if (content.tool || (Array.isArray(message.toolCalls) && message.toolCalls.length > 0)) return { reason: 'tool' };
  if (content.thought || (Array.isArray(message.thoughts) && message.thoughts.length > 0)) return { reason: 'thinking' };
  return { reason: 'empty' };
}
