import { appendFile, truncate, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readTurns, type ReadTurnsOptions, type Turn } from '../../../../src-main/engine/harvest/turns';
import { useTempDir } from '../../../helpers/temp-dir';
import { fixturePath } from '../../../helpers/transcript-fixtures';
import { assistantText, assistantToolUse, jsonl, noise, toolResult, userPrompt } from '../../../helpers/transcript-records';

const temp = useTempDir('memsync-turns-');
const fileWith = temp.write;

async function read(file: string, options: Partial<ReadTurnsOptions> = {}) {
  const stream = readTurns(file, { source: 'claude-code', ...options });
  const turns: Turn[] = [];
  for await (const turn of stream) turns.push(turn);
  return { turns, summary: stream.summary!, said: turns.map((t) => `${t.role}: ${t.text}`) };
}

describe('readTurns on whole sessions', () => {
  it('reads a Claude Code session: typed text and replies, one reply joined from its records', async () => {
    const { turns, said, summary } = await read(fixturePath('claude-code', 'session.jsonl'));
    expect(said).toEqual(['user: Which package manager does this repo use?', 'assistant: Let me check.', 'assistant: Done.\nThis repo uses pnpm.']);
    expect(turns[0]).toMatchObject({ cwd: '/tmp/agents/run/work/My Proj.v2_x', timestamp: '2026-12-02T16:36:51.045Z', id: '644e4fe7-c40f-425a-9cd5-92fd1e65fdcb', sidechain: false });
    expect(turns[2]!.id).toBe('c95e86b3-0000-4000-8000-00000000000b');
    expect(summary).toMatchObject({ turns: 3, held: false, reset: null, lines: { lines: 24, malformed: 0 } });
    expect(summary.lines.unread).toBe(13); // never decoded: attachments, request shapes, usage …
    expect(summary.dropped).toEqual({ 'not-dialogue': 1, tool: 1, thinking: 1, harness: 1, command: 2, compaction: 1 });
    // memsync (Python)'s read_session_transcript counts 8 messages in this file.
    expect(summary.cursor).toMatchObject({ legacyCount: 8, turns: 3, offset: summary.bytes });
  });

  it('reads a Codex rollout: both prompts and both replies, nothing the harness wrote', async () => {
    const file = fixturePath('codex', 'rollout-2026-12-02T16-40-15-01a237a0-ce3b-79a1-8b77-e23af343f1a3.jsonl');
    const { turns, said } = await read(file, { source: 'codex' });
    expect(said).toEqual(['user: Which package manager does this repo use?', 'assistant: This repo uses pnpm.', 'user: and which node version?', 'assistant: This repo uses pnpm.']);
    expect(turns.every((t) => t.cwd === '/tmp/agents/run/cxwork')).toBe(true);
  });

  it('reads a Gemini CLI session: a reply appended twice is one turn', async () => {
    const { said, turns } = await read(fixturePath('gemini', 'session-2026-12-02T16-42-cef4b4bc.jsonl'), { source: 'gemini', project: '/tmp/agents/run/gmwork/My Proj.v2' });
    expect(said).toEqual(['user: Which package manager does this repo use?', 'assistant: Let me check.', 'assistant: This repo uses pnpm.']);
    expect(turns[0]!.cwd).toBe('/tmp/agents/run/gmwork/My Proj.v2');
  });

  it('drops a Gemini reply taken back by a rewind while it is still open, and counts rewinds', async () => {
    const meta = { sessionId: 's', projectHash: 'h', startTime: 't', lastUpdated: 't', kind: 'main' };
    const user = (id: string, text: string) => ({ id, timestamp: '2026-12-02T16:42:23.155Z', type: 'user', content: [{ text }] });
    const model = (id: string, text: string) => ({ id, timestamp: '2026-12-02T16:42:23.306Z', type: 'gemini', content: text });
    const file = await fileWith(jsonl([meta, user('u1', 'first'), model('g1', 'first reply'), user('u2', 'second'), model('g2', 'wrong reply'), { $rewindTo: 'g2' }, model('g3', 'better reply'), { $rewindTo: 'u1' }]));
    const { said, summary } = await read(file, { source: 'gemini' });
    expect(said).toEqual(['user: first', 'assistant: first reply', 'user: second', 'assistant: better reply']);
    expect(summary.rewinds).toBe(2);
  });
});

describe('readTurns on damaged or unusual input', () => {
  it('skips bad JSON, decodes invalid UTF-8 with replacement characters, and leaves a torn last line', async () => {
    const good = jsonl([userPrompt('first')]);
    const badUtf8 = Buffer.concat([Buffer.from(jsonl([userPrompt('caf\u00e9 ok')]).replace('\u00e9', 'XX')), Buffer.from('\n')]);
    badUtf8[badUtf8.indexOf('XX')] = 0xc3;
    badUtf8[badUtf8.indexOf('X')] = 0x28; // 0xC3 0x28: not UTF-8
    const torn = JSON.stringify(assistantText('never finished', 'msg_9')).slice(0, 60);
    const file = await fileWith(Buffer.concat([Buffer.from(`${good}{"type":"user","message":\n\n`), badUtf8, Buffer.from(jsonl([assistantText('reply', 'msg_1')])), Buffer.from(torn)]));
    const { said, summary } = await read(file);
    expect(said).toEqual(['user: first', 'user: caf\ufffd( ok', 'assistant: reply']);
    expect(summary.lines).toMatchObject({ malformed: 1, invalidUtf8: 1, blankLines: 2, pendingBytes: 60 });
    expect(summary.cursor.offset).toBe(summary.bytes);
  });

  it('reads an empty file as nothing, with the start cursor', async () => {
    const { turns, summary } = await read(await fileWith(''));
    expect(turns).toEqual([]);
    expect(summary.cursor).toEqual({ offset: 0, line: null, lastId: null, legacyCount: 0, turns: 0 });
  });

  it('skips a 20 MB line (a tool result with a screenshot) without losing the turns around it', async () => {
    const huge = toolResult(`data:image/png;base64,${'A'.repeat(20 * 1024 * 1024)}`);
    const file = await fileWith(jsonl([userPrompt('look at the screen'), assistantToolUse('msg_1'), huge, assistantText('The button is hidden.', 'msg_2')]));
    const { said, summary } = await read(file);
    expect(said).toEqual(['user: look at the screen', 'assistant: The button is hidden.']);
    expect(summary.lines).toMatchObject({ oversizeLines: 1 });
    expect(summary.lines.oversizeBytes).toBeGreaterThan(20 * 1024 * 1024);
  });

  it('holds back a trailing reply while the session is live, and reads it whole once it is done', async () => {
    const file = await fileWith(jsonl([userPrompt('question'), assistantText('Part one.', 'msg_1')]));
    const first = await read(file, { live: true });
    expect(first.said).toEqual(['user: question']);
    expect(first.summary.held).toBe(true);
    await appendFile(file, jsonl([assistantToolUse('msg_1'), assistantText('Part two.', 'msg_1'), userPrompt('thanks')]));
    const second = await read(file, { live: true, cursor: first.summary.cursor });
    expect(second.said).toEqual(['assistant: Part one.\nPart two.', 'user: thanks']);
    expect(second.summary.cursor.turns).toBe(3);
  });
});

describe('readTurns and what was harvested before', () => {
  const session = fixturePath('claude-code', 'session.jsonl');

  it("skips what memsync (Python) harvested: its count's worth of records", async () => {
    expect((await read(session, { harvested: 8 })).said).toEqual([]);
    const after2 = await read(session, { harvested: 2 });
    expect(after2.said).toEqual(['assistant: Done.\nThis repo uses pnpm.']);
    expect(after2.summary.dropped.harvested).toBe(2);
    expect(after2.summary.cursor.legacyCount).toBe(8);
  });

  it("takes memsync's older list entry (-1) as everything now in the file, and reads what follows", async () => {
    const file = await fileWith(jsonl([userPrompt('old'), assistantText('old reply', 'msg_1')]));
    const first = await read(file, { harvested: -1 });
    expect(first.said).toEqual([]);
    await appendFile(file, jsonl([userPrompt('new')]));
    expect((await read(file, { harvested: -1, cursor: first.summary.cursor })).said).toEqual(['user: new']);
  });

  it('skips further when memsync harvested past our cursor meanwhile', async () => {
    const file = await fileWith(jsonl([userPrompt('a'), assistantText('b', 'msg_1')]));
    const first = await read(file);
    await appendFile(file, jsonl([userPrompt('c'), assistantText('d', 'msg_2'), userPrompt('e')]));
    // memsync ran in between and counted the first four messages.
    expect((await read(file, { cursor: first.summary.cursor, harvested: 4 })).said).toEqual(['user: e']);
  });
});

describe('readTurns when the file changed under the cursor', () => {
  const records = [userPrompt('one'), noise(), assistantText('two', 'msg_1'), userPrompt('three'), assistantText('four', 'msg_2')];

  it('resumes after the last record when the file was rewritten with other offsets', async () => {
    const file = await fileWith(jsonl(records));
    const first = await read(file);
    await writeFile(file, jsonl([userPrompt('inserted before'), ...records, userPrompt('five')]));
    const second = await read(file, { cursor: first.summary.cursor });
    expect(second.summary).toMatchObject({ reset: 'replaced', resynced: true });
    expect(second.said).toEqual(['user: five']);
  });

  it('reads again from the start, and says so, when the file was cut short before the cursor', async () => {
    const file = await fileWith(jsonl(records));
    const first = await read(file);
    await truncate(file, jsonl(records.slice(0, 2)).length);
    const second = await read(file, { cursor: first.summary.cursor });
    expect(second.summary).toMatchObject({ reset: 'truncated', resynced: false });
    expect(second.said).toEqual(['user: one']);
  });

  it('notices a file replaced by one of the same size', async () => {
    const file = await fileWith(jsonl([userPrompt('aaaa', 'u-1')]));
    const first = await read(file);
    await writeFile(file, jsonl([userPrompt('bbbb', 'u-2')]));
    expect((await read(file, { cursor: first.summary.cursor })).summary).toMatchObject({ reset: 'replaced', resynced: false });
  });

  it('ends a pass cleanly when the file shrinks during it', async () => {
    const many = Array.from({ length: 300 }, (_, i) => userPrompt(`prompt ${i}`));
    const file = await fileWith(jsonl(many));
    const stream = readTurns(file, { source: 'claude-code', blockBytes: 4096 });
    const seen: string[] = [];
    for await (const turn of stream) {
      if (seen.length === 0) await truncate(file, 8192);
      seen.push(turn.text);
    }
    expect(seen.length).toBeLessThan(300);
    expect(seen).toEqual(many.slice(0, seen.length).map((_, i) => `prompt ${i}`));
    expect((await read(file, { cursor: stream.summary!.cursor })).summary.reset).toBeNull();
  });
});
