import { describe, expect, it } from 'vitest';
import { recordParser } from '../../../../../src-main/engine/harvest/records';
import { dropped, fixtureLines, keep, testEveryRecord, type Expected } from '../../../../helpers/transcript-fixtures';

/* Every Codex rollout line type (tests/fixtures/transcripts/codex/) kept or dropped as issue 15 says. */

const notDialogue = (label: string) => dropped(label, 'not-dialogue');

const EXPECTED: Record<string, Expected[]> = {
  'session_meta.jsonl': ['exec session (0.171.0)', 'sub-agent session', '2025 session'].map(notDialogue),
  'turn_context.jsonl': ['0.171.0', '2025'].map(notDialogue),
  'response_item.jsonl': [
    dropped('developer message (instructions)', 'harness'),
    dropped('<environment_context> with harness provenance', 'harness'),
    keep('typed prompt', 'user', 'Which package manager does this repo use?'),
    dropped('reasoning', 'thinking'),
    dropped('function_call', 'tool'),
    dropped('function_call_output', 'tool'),
    keep('assistant reply', 'assistant', 'This repo uses pnpm.'),
    dropped('custom_tool_call (apply_patch)', 'tool'),
    dropped('custom_tool_call_output', 'tool'),
    dropped('local_shell_call', 'tool'),
    dropped('web_search_call', 'tool'),
    dropped('AGENTS.md instructions (no provenance)', 'harness'),
    dropped('<user_instructions>', 'harness'),
    dropped('<user_shell_command>', 'command'),
    dropped('<turn_aborted>', 'harness'),
    dropped('<subagent_notification>', 'notification'),
    keep('image and text', 'user', 'Why does this build fail?'),
    dropped('image only', 'empty'),
    keep('commentary before the work', 'assistant', 'I will look at the lockfile first.'),
    dropped('compaction item', 'compaction'),
    dropped('ghost_snapshot', 'not-dialogue'),
    keep('2025 prompt (no ids, no metadata)', 'user', 'Add a test for the checkout total.'),
    dropped('user-role text with only harness provenance', 'harness'),
  ],
  'event_msg.jsonl': ['task_started', 'thread_settings_applied', 'item_completed UserMessage', 'item_completed Reasoning', 'item_completed CommandExecution', 'token_count', 'item_completed AgentMessage', 'task_complete', 'user_message (2025)', 'agent_message (2025)', 'agent_reasoning', 'context_compacted', 'turn_aborted'].map(notDialogue),
  'token_usage_record.jsonl': [notDialogue('token_usage_record')],
  'world_state.jsonl': [notDialogue('world_state')],
  'compacted.jsonl': [dropped('compacted (summary)', 'compaction')],
  'other-types.jsonl': ['inter_agent_communication', 'inter_agent_communication_metadata', 'retained_context', 'security_risk_score', 'realtime_item', 'dynamic_tools_updated', 'id_allocation'].map(notDialogue),
};
const SESSIONS = ['rollout-2026-12-02T16-40-15-01a237a0-ce3b-79a1-8b77-e23af343f1a3.jsonl'];

describe('Codex rollout lines', () => {
  const parser = () => recordParser('codex', { includeSidechains: false });

  testEveryRecord('codex', EXPECTED, SESSIONS);

  it('takes the working directory from session_meta, then from each turn_context', () => {
    const p = parser();
    const [meta] = fixtureLines('codex', 'session_meta.jsonl');
    const prompt = fixtureLines('codex', 'response_item.jsonl')[2];
    p.parse(JSON.parse(meta!));
    expect(p.parse(JSON.parse(prompt!))).toMatchObject({ cwd: '/tmp/agents/run/cxwork', id: 'msg_01a237a0-cf52-7992-9c97-59825f1b56fd', timestamp: '2026-12-02T16:40:15.442Z' });
    p.parse({ type: 'turn_context', payload: { cwd: '/srv/other' } });
    expect(p.parse(JSON.parse(prompt!))).toMatchObject({ cwd: '/srv/other' });
  });

  it("drops a sub-agent's turns unless sub-agents are included", () => {
    const [, subMeta] = fixtureLines('codex', 'session_meta.jsonl');
    const prompt = fixtureLines('codex', 'response_item.jsonl')[2]!;
    const without = parser();
    without.parse(JSON.parse(subMeta!));
    expect(without.parse(JSON.parse(prompt))).toMatchObject({ kind: 'drop', reason: 'sidechain' });
    const withSub = recordParser('codex', { includeSidechains: true });
    withSub.parse(JSON.parse(subMeta!));
    expect(withSub.parse(JSON.parse(prompt))).toMatchObject({ kind: 'turn', sidechain: true });
  });

  it('reads the lines that carry state (session_meta, turn_context) however little they say', () => {
    const p = parser();
    for (const file of ['session_meta.jsonl', 'turn_context.jsonl']) for (const line of fixtureLines('codex', file)) expect(p.mayMatter(Buffer.from(line))).toBe(true);
  });

  it('keeps the real text of a message that also holds harness fragments', () => {
    const line = {
      type: 'response_item',
      payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: '<environment_context>\n<cwd>/x</cwd>\n</environment_context>' }, { type: 'input_text', text: 'Run the tests.' }] },
    };
    expect(parser().parse(line)).toMatchObject({ kind: 'turn', text: 'Run the tests.' });
  });
});
