import { describe, expect, it } from 'vitest';
import { recordParser } from '../../../../../src-main/engine/harvest/records';
import { dropped, fixtureLines, keep, testEveryRecord, type Expected } from '../../../../helpers/transcript-fixtures';

/* Every Gemini CLI session line kind (tests/fixtures/transcripts/gemini/) kept or dropped as specified. */

const notDialogue = (label: string) => dropped(label, 'not-dialogue');

const EXPECTED: Record<string, Expected[]> = {
  'metadata.jsonl': ['main session', 'sub-agent session'].map(notDialogue),
  'set.jsonl': ['$set.messages checkpoint', '$set lastUpdated', '$set memoryScratchpad', '$set summary'].map(notDialogue),
  'rewind.jsonl': [{ label: '$rewindTo', outcome: { kind: 'rewind', id: '59acc7ff-a0bd-4c8f-ae99-8b6b933889b2' } }],
  'user.jsonl': [
    keep('typed prompt', 'user', 'Which package manager does this repo use?'),
    dropped('function response (tool output)', 'tool'),
    dropped('<session_context>', 'harness'),
    keep('prompt with @file expanded: what was typed', 'user', 'Summarize @README.md'),
    keep('string content', 'user', 'Use pnpm in this repo.'),
    dropped('image only', 'empty'),
  ],
  'gemini.jsonl': [
    keep('reply text', 'assistant', 'Let me check.'),
    keep('the same reply appended again with its tool calls', 'assistant', 'Let me check.'),
    keep('final reply', 'assistant', 'This repo uses pnpm.'),
    dropped('tool calls only', 'tool'),
    dropped('thoughts only', 'thinking'),
    keep('a thought part beside the text', 'assistant', 'It is pnpm.'),
  ],
  'info.jsonl': [dropped('info', 'harness')],
  'error.jsonl': [dropped('error', 'harness')],
  'warning.jsonl': [dropped('warning', 'harness')],
};
const SESSIONS = ['session-2026-12-02T16-42-cef4b4bc.jsonl'];

describe('Gemini CLI session lines', () => {
  const parser = () => recordParser('gemini', { includeSidechains: false });

  testEveryRecord('gemini', EXPECTED, SESSIONS);

  it('treats copies of one reply as one turn whose last copy wins', () => {
    const [first, second] = fixtureLines('gemini', 'gemini.jsonl');
    const group = { id: 'aa3f7e55-b81c-4e02-8b3e-736d0319822f', merge: 'replace' };
    expect(parser().parse(JSON.parse(first!))).toMatchObject({ group });
    expect(parser().parse(JSON.parse(second!))).toMatchObject({ group });
  });

  it("drops a sub-agent session's turns unless sub-agents are included", () => {
    const [, subMeta] = fixtureLines('gemini', 'metadata.jsonl');
    const [prompt] = fixtureLines('gemini', 'user.jsonl');
    const without = parser();
    without.parse(JSON.parse(subMeta!));
    expect(without.parse(JSON.parse(prompt!))).toMatchObject({ kind: 'drop', reason: 'sidechain' });
    const withSub = recordParser('gemini', { includeSidechains: true });
    withSub.parse(JSON.parse(subMeta!));
    expect(withSub.parse(JSON.parse(prompt!))).toMatchObject({ kind: 'turn', sidechain: true });
  });

  it('reads metadata and rewind lines, and never a $set line', () => {
    const p = parser();
    for (const line of [...fixtureLines('gemini', 'metadata.jsonl'), ...fixtureLines('gemini', 'rewind.jsonl')]) expect(p.mayMatter(Buffer.from(line))).toBe(true);
    for (const line of fixtureLines('gemini', 'set.jsonl')) expect(p.mayMatter(Buffer.from(line))).toBe(false);
  });
});
