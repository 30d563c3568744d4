import { randomUUID } from 'node:crypto';

/** Claude Code records as 2.1.332 writes them (the fields harvest reads, plus typical noise). */

const base = (uuid: string, extra: Record<string, unknown>) => ({
  parentUuid: null,
  isSidechain: false,
  uuid,
  timestamp: '2026-12-02T16:36:51.045Z',
  userType: 'external',
  entrypoint: 'cli',
  cwd: '/work/shop',
  sessionId: '2b43b07a-45de-4eb6-958d-af94cc25c78a',
  version: '2.1.332',
  gitBranch: 'main',
  ...extra,
});

export const userPrompt = (text: string, uuid: string = randomUUID()) => base(uuid, { type: 'user', message: { role: 'user', content: text }, origin: { kind: 'human' } });

export const assistantText = (text: string, messageId: string, uuid: string = randomUUID()) =>
  base(uuid, { type: 'assistant', message: { id: messageId, type: 'message', role: 'assistant', model: 'claude-opus-5-5', content: [{ type: 'text', text }], stop_reason: 'end_turn', usage: { input_tokens: 10, output_tokens: 5 } } });

export const assistantToolUse = (messageId: string, uuid: string = randomUUID()) =>
  base(uuid, { type: 'assistant', message: { id: messageId, type: 'message', role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } }] } });

export const toolResult = (output: string, uuid: string = randomUUID()) =>
  base(uuid, { type: 'user', message: { role: 'user', content: [{ tool_use_id: 'toolu_1', type: 'tool_result', content: output, is_error: false }] }, toolUseResult: { stdout: output, stderr: '' } });

export const noise = () => ({ type: 'file-history-snapshot', messageId: randomUUID(), snapshot: { trackedFileBackups: {}, timestamp: '2026-12-02T16:36:51.441Z' }, isSnapshotUpdate: false });

export const jsonl = (records: readonly unknown[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');
