import { quoted, startsWithOneOf } from './text';
import { drop, isObject, stringOrNull, type DropReason, type ParserOptions, type RecordOutcome, type RecordParser } from './types';

/**
 * OpenAI Codex CLI rollouts (`$CODEX_HOME/sessions/YYYY/MM/DD/rollout-…-<thread>.jsonl`), as of
 * 0.171.0 and the 2025 rollouts before it; rules: docs/harvest.md,
 * fixtures: tests/fixtures/transcripts/codex/.
 *
 * Every line is `{timestamp, ordinal?, type, payload}`. The dialogue is the `response_item`
 * messages: the user's `input_text` and the assistant's `output_text`. Dropped: `developer` and
 * `system` messages (instructions), user messages the harness wrote (environment context,
 * AGENTS.md, skills, a shell command's output …: Codex marks them with tags and, lately, with a
 * "harness" provenance), reasoning, every tool call and output, compaction, and all of
 * `event_msg` (its user_message / agent_message repeat the response items; 0.171.0 writes neither).
 * `session_meta` and `turn_context` carry no dialogue but say where the session runs (cwd) and
 * whether it is a sub-agent's.
 */

/** Codex's markers of harness text sent with the user role (codex-rs model_visible_context). */
const CONTEXT_FRAGMENTS: ReadonlyArray<readonly [string, DropReason]> = [
  ['<environment_context>', 'harness'],
  ['# agents.md instructions', 'harness'],
  ['<user_instructions>', 'harness'],
  ['<skill>', 'harness'],
  ['<skills_instructions>', 'harness'],
  ['<plugins>', 'harness'],
  ['<subagents>', 'harness'],
  ['<turn_aborted>', 'harness'],
  ['<user_shell_command>', 'command'],
  ['<subagent_notification>', 'notification'],
];
const FRAGMENT_PREFIXES = CONTEXT_FRAGMENTS.map(([prefix]) => prefix);
const FRAGMENT_REASON = new Map(CONTEXT_FRAGMENTS);

const TOOL_ITEMS = new Set([
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
  'local_shell_call',
  'web_search_call',
  'tool_search_call',
  'tool_search_output',
  'image_generation_call',
  'mcp_tool_call',
]);

const RESPONSE_ITEM = quoted('response_item');
const SESSION_META = quoted('session_meta');
const TURN_CONTEXT = quoted('turn_context');

export function codexParser(options: ParserOptions): RecordParser {
  const session = { cwd: null as string | null, subagent: false };
  return {
    mayMatter: (line) => line.includes(RESPONSE_ITEM) || line.includes(TURN_CONTEXT) || line.includes(SESSION_META),
    parse: (record) => parseLine(record, session, options),
  };
}

function parseLine(line: unknown, session: { cwd: string | null; subagent: boolean }, options: ParserOptions): RecordOutcome {
  if (!isObject(line) || typeof line.type !== 'string') return drop('malformed');
  const payload = isObject(line.payload) ? line.payload : {};
  if (line.type === 'session_meta' || line.type === 'turn_context') {
    session.cwd = stringOrNull(payload.cwd) ?? session.cwd;
    // A sub-agent's thread says so in its source: {"subagent": …}.
    if (line.type === 'session_meta') session.subagent = isObject(payload.source) && 'subagent' in payload.source;
    return drop('not-dialogue', false, null, session.cwd);
  }
  if (line.type === 'compacted') return drop('compaction', false, null, session.cwd);
  if (line.type !== 'response_item') return drop('not-dialogue', false, null, session.cwd);
  const id = stringOrNull(payload.id);
  const dropped = (reason: DropReason) => drop(reason, false, id, session.cwd);
  const itemType = payload.type;
  if (itemType === 'reasoning') return dropped('thinking');
  if (itemType === 'compaction') return dropped('compaction');
  if (typeof itemType === 'string' && TOOL_ITEMS.has(itemType)) return dropped('tool');
  if (itemType !== 'message') return dropped('not-dialogue');
  if (session.subagent && !options.includeSidechains) return dropped('sidechain');
  const result = payload.role === 'user' ? userText(payload) : payload.role === 'assistant' ? assistantText(payload.content) : { reason: 'harness' as const };
  if (typeof result !== 'string') return dropped(result.reason);
  return {
    kind: 'turn',
    role: payload.role === 'user' ? 'user' : 'assistant',
    text: result,
    id,
    group: null,
    timestamp: stringOrNull(line.timestamp),
    cwd: session.cwd,
    sidechain: session.subagent,
    legacy: false,
  };
}

type TextOrDrop = string | { reason: DropReason };

function userText(payload: Record<string, unknown>): TextOrDrop {
  if (writtenByHarness(payload)) return { reason: 'harness' };
  if (!Array.isArray(payload.content)) return { reason: 'malformed' };
  const parts: string[] = [];
  let firstFragment: DropReason | undefined;
  for (const item of payload.content) {
    if (!isObject(item) || item.type !== 'input_text' || typeof item.text !== 'string') continue;
    const fragment = startsWithOneOf(item.text.trimStart().slice(0, 40).toLowerCase(), FRAGMENT_PREFIXES);
    if (fragment) firstFragment ??= FRAGMENT_REASON.get(fragment);
    else parts.push(item.text);
  }
  const text = parts.join('\n').trim();
  return text || { reason: firstFragment ?? 'empty' };
}

/** Newer Codex tags each content item with a provenance; a message with none from the user is the harness's. */
function writtenByHarness(payload: Record<string, unknown>): boolean {
  const meta = payload.internal_chat_message_metadata_passthrough;
  if (!isObject(meta) || !Array.isArray(meta.content_item_metadata)) return false;
  const kinds = meta.content_item_metadata.map((m) => (isObject(m) && isObject(m.provenance) ? m.provenance.type : undefined)).filter((k) => k !== undefined);
  return kinds.length > 0 && !kinds.includes('user');
}

function assistantText(content: unknown): TextOrDrop {
  if (!Array.isArray(content)) return { reason: 'malformed' };
  const parts: string[] = [];
  for (const item of content) if (isObject(item) && item.type === 'output_text' && typeof item.text === 'string') parts.push(item.text);
  return parts.join('\n').trim() || { reason: 'empty' };
}
