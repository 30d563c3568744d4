import { describe, expect, it } from 'vitest';
import { recordParser } from '../../../../../src-main/engine/harvest/records';
import { dropped, fixtureLines, keep, testEveryRecord, type Expected } from '../../../../helpers/transcript-fixtures';

/*
 * Every Claude Code record type (tests/fixtures/transcripts/claude-code/, one file per type, one
 * line per variant) kept or dropped as issue 15 says. The `legacy` column is whether memsync
 * (Python) counts the record as a message; it was checked against memsync's own
 * read_session_transcript on these files (its harvested.json counts must match ours exactly).
 */

const notDialogue = (label: string) => dropped(label, 'not-dialogue');
const one = (label: string) => [notDialogue(label)];

const EXPECTED: Record<string, Expected[]> = {
  'user.jsonl': [
    keep('typed prompt (-p)', 'user', 'Which package manager does this repo use?', true),
    keep('typed prompt (interactive, origin human)', 'user', 'please write a note file', true),
    dropped('tool result (string)', 'tool'),
    dropped('tool result (Write)', 'tool'),
    dropped('tool result with the interrupt note beside it', 'tool', true),
    dropped('/compact command wrapper', 'command', true),
    dropped('<local-command-stdout>', 'command', true),
    dropped('<local-command-stderr>', 'command', true),
    dropped('isMeta caveat', 'harness', true),
    dropped('compaction summary', 'compaction', true),
    dropped('task notification', 'notification', true),
    dropped('sub-agent prompt', 'sidechain', true),
    keep('prompt with a <system-reminder> block inside', 'user', 'Keep the lockfile.\n\nAnd use pnpm, never npm.', true),
    keep('image and text', 'user', 'What does this error mean?', true),
    dropped('image only', 'empty'),
    dropped('<bash-input>', 'command', true),
    dropped('<bash-stdout>/<bash-stderr>', 'command', true),
    dropped('[Request interrupted by user]', 'harness', true),
    dropped('only a <system-reminder>', 'harness', true),
    dropped('plain-text caveat (earlier versions)', 'harness', true),
    dropped('isMeta with plain text', 'harness', true),
  ],
  'assistant.jsonl': [
    dropped('thinking block', 'thinking'),
    keep('text block', 'assistant', 'Let me check.', true),
    dropped('tool_use block', 'tool'),
    keep('final text', 'assistant', 'Done. This repo uses pnpm.', true),
    dropped('sub-agent text', 'sidechain', true),
    dropped('sub-agent thinking', 'sidechain'),
    dropped('sub-agent tool_use', 'sidechain'),
    dropped('redacted_thinking', 'thinking'),
    dropped('synthetic "No response requested."', 'harness', true),
    dropped('API error', 'harness', true),
  ],
  'system.jsonl': ['compact_boundary', 'local_command', 'turn_duration', 'api_error', 'informational', 'stop_hook_summary'].map(notDialogue),
  'attachment.jsonl': ['agent_listing_delta', 'date', 'deferred_tools_delta', 'environment', 'model', 'prompt_snapshot', 'remote_session_change', 'session_context', 'skill_listing', 'auto_mode'].map(notDialogue),
  'other-types.jsonl': Array.from({ length: 26 }, (_, i) => notDialogue(`type known by name only #${i + 1}`)),
  ...Object.fromEntries(
    ['ai-title', 'api-request', 'api-request-blob', 'api-request-shape', 'atis-latch', 'cost-state', 'custom-title', 'file-history-delta', 'file-history-snapshot', 'last-prompt', 'mode', 'permission-mode', 'progress', 'queue-operation', 'summary', 'tag', 'tools-used'].map((t) => [`${t}.jsonl`, one(t)]),
  ),
};
/** Whole sessions, read end to end in turns.test.ts. */
const SESSIONS = ['session.jsonl'];

describe('Claude Code records', () => {
  const parser = () => recordParser('claude-code', { includeSidechains: false });

  testEveryRecord('claude-code', EXPECTED, SESSIONS);

  it('keeps sub-agent turns when asked to', () => {
    const withSidechains = recordParser('claude-code', { includeSidechains: true });
    const user = fixtureLines('claude-code', 'user.jsonl')[11]!;
    const assistant = fixtureLines('claude-code', 'assistant.jsonl');
    expect(withSidechains.parse(JSON.parse(user))).toMatchObject({ kind: 'turn', role: 'user', text: 'SUBTASK: find the lockfile', sidechain: true });
    expect(withSidechains.parse(JSON.parse(assistant[4]!))).toMatchObject({ kind: 'turn', text: 'Let me check.', sidechain: true });
    expect(withSidechains.parse(JSON.parse(assistant[5]!))).toMatchObject({ kind: 'drop', reason: 'thinking' });
  });

  it('groups the records of one reply by message id and carries cwd, time and uuid', () => {
    const outcome = parser().parse(JSON.parse(fixtureLines('claude-code', 'assistant.jsonl')[1]!));
    expect(outcome).toMatchObject({
      group: { id: 'msg_0002', merge: 'append' },
      cwd: '/tmp/agents/run/work/My Proj.v2_x',
      timestamp: '2026-12-02T16:36:51.141Z',
      id: '4ba4686f-4fe0-4dd3-8b9f-bdbd5e6e4524',
      sidechain: false,
    });
  });

  it('removes every <system-reminder> block and keeps the text around each', () => {
    const record = {
      type: 'user',
      uuid: 'u1',
      message: { role: 'user', content: 'one<system-reminder>a</system-reminder> two\n<system-reminder>\nb\n</system-reminder>\n\n\nthree <system-reminder>not closed' },
    };
    expect(parser().parse(record)).toMatchObject({ kind: 'turn', text: 'one two\n\nthree <system-reminder>not closed' });
  });

  it.each([
    ['not an object', [1, 2]],
    ['no type', { uuid: 'x' }],
    ['user record without a message', { type: 'user', uuid: 'x' }],
    ['assistant content neither text nor blocks', { type: 'assistant', message: { content: 5 } }],
  ])('reports %s as malformed', (_label, record) => {
    expect(parser().parse(record)).toMatchObject({ kind: 'drop', reason: 'malformed' });
  });
});
