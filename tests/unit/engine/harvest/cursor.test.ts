import fc from 'fast-check';
import { appendFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { checkCursor, START_CURSOR, type SessionCursor } from '../../../../src-main/engine/harvest/cursor';
import { SessionCursorSchema } from '../../../../src-main/engine/harvest/cursor-schema';
import { readTurns, type Turn } from '../../../../src-main/engine/harvest/turns';
import { useTempDir } from '../../../helpers/temp-dir';
import { assistantText, assistantToolUse, jsonl, noise, toolResult, userPrompt } from '../../../helpers/transcript-records';

const newFile = useTempDir('memsync-cursor-').newPath;

async function read(file: string, cursor?: SessionCursor, blockBytes?: number) {
  const stream = readTurns(file, { source: 'claude-code', cursor, blockBytes });
  const turns: Turn[] = [];
  for await (const turn of stream) turns.push(turn);
  return { turns, said: turns.map((t) => `${t.role}: ${t.text}`), cursor: stream.summary!.cursor };
}

/** A session's records: prompts, replies of one to three blocks, tool use and results, noise. */
const records = fc.array(
  fc.oneof(
    fc.string({ minLength: 1, maxLength: 30 }).map((t) => [userPrompt(`p ${t}`)]),
    fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), fc.array(fc.string({ minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 3 })).map(([id, texts]) => texts.map((t) => assistantText(`a ${t}`, `msg_${id}`))),
    fc.constant([assistantToolUse('msg_tool'), toolResult('output')]),
    fc.constant([noise()]),
  ),
  { maxLength: 14 },
).map((groups) => groups.flat());

describe('session cursors', () => {
  it('resumes with exactly the records appended since (read N, append M, read the M)', async () => {
    await fc.assert(
      fc.asyncProperty(records, records, fc.integer({ min: 256, max: 4096 }), async (first, appended, blockBytes) => {
        const file = newFile();
        await writeFile(file, jsonl(first));
        const before = await read(file, undefined, blockBytes);
        await appendFile(file, jsonl(appended));
        const after = await read(file, before.cursor, blockBytes);
        const alone = newFile();
        await writeFile(alone, jsonl(appended));
        expect(after.said).toEqual((await read(alone)).said);
        expect(after.cursor.offset).toBe(Buffer.byteLength(jsonl([...first, ...appended])));
        expect(after.cursor.turns).toBe(before.turns.length + after.turns.length);
      }),
      { numRuns: 40 },
    );
  });

  it("resumes from any turn's cursor with exactly the turns after it", async () => {
    await fc.assert(
      fc.asyncProperty(records, async (session) => {
        const file = newFile();
        await writeFile(file, jsonl(session));
        const all = await read(file);
        for (const [k, turn] of all.turns.entries()) expect((await read(file, turn.cursor)).said).toEqual(all.said.slice(k + 1));
      }),
      { numRuns: 25 },
    );
  });

  it('reads a line that was still being written on the next pass, once it is complete', async () => {
    const file = newFile();
    const last = JSON.stringify(userPrompt('the last one'));
    await writeFile(file, jsonl([userPrompt('one'), assistantText('two', 'msg_1')]) + last.slice(0, 25));
    const first = await read(file);
    expect(first.said).toEqual(['user: one', 'assistant: two']);
    await appendFile(file, `${last.slice(25)}\n`);
    expect((await read(file, first.cursor)).said).toEqual(['user: the last one']);
  });

  it('is plain JSON that validates after a round trip', async () => {
    const file = newFile();
    await writeFile(file, jsonl([userPrompt('one')]));
    const { cursor } = await read(file);
    expect(SessionCursorSchema.parse(JSON.parse(JSON.stringify(cursor)))).toEqual(cursor);
    expect(SessionCursorSchema.safeParse({ ...cursor, offset: -1 }).success).toBe(false);
  });
});

describe('checkCursor', () => {
  it('accepts the file it was taken on, grown or not', async () => {
    const file = newFile();
    await writeFile(file, jsonl([userPrompt('one'), userPrompt('two')]));
    const { cursor } = await read(file);
    expect(await checkCursor(file, cursor)).toBe('valid');
    await appendFile(file, jsonl([userPrompt('three')]));
    expect(await checkCursor(file, cursor)).toBe('valid');
    expect(await checkCursor(file, START_CURSOR)).toBe('valid');
  });

  it('tells a shorter file from a different one', async () => {
    const file = newFile();
    await writeFile(file, jsonl([userPrompt('one', 'u-1'), userPrompt('two', 'u-2')]));
    const { cursor } = await read(file);
    await writeFile(file, jsonl([userPrompt('one', 'u-1')]));
    expect(await checkCursor(file, cursor)).toBe('truncated');
    await writeFile(file, jsonl([userPrompt('one', 'u-1'), userPrompt('tw0', 'u-2')]));
    expect(await checkCursor(file, cursor)).toBe('replaced');
    // Same last line, but it no longer starts where it did.
    await writeFile(file, jsonl([userPrompt('onee', 'u-1')]).slice(0, -1) + jsonl([userPrompt('two', 'u-2')]));
    expect(await checkCursor(file, cursor)).toBe('replaced');
  });
});
