import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkTurns, estimateTokens, TURN_SEPARATOR, turnHeader, type Chunk } from '../../../../src-main/engine/harvest/chunking';
import { START_CURSOR } from '../../../../src-main/engine/harvest/cursor';
import type { Turn } from '../../../../src-main/engine/harvest/turns';

function turn(i: number, text: string, role: Turn['role'] = i % 2 ? 'assistant' : 'user'): Turn {
  return { role, text, id: `t${i}`, timestamp: null, cwd: null, sidechain: false, start: i * 10, end: i * 10 + 10, cursor: { ...START_CURSOR, offset: i * 10 + 10, turns: i + 1 } };
}

async function chunksOf(turns: Turn[], budgetTokens: number): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for await (const chunk of chunkTurns(turns, { budgetTokens, start: START_CURSOR })) chunks.push(chunk);
  return chunks;
}

const prose = fc.array(fc.oneof(fc.constantFrom('The lockfile is pnpm.', 'Use node 22.', 'ok', '```ts\nconst a = 1;\n```', '\n', '\n\n', ' '), fc.string({ maxLength: 12 })), { maxLength: 400 }).map((p) => p.join(' '));
const anyText = fc.oneof(prose, fc.string({ unit: 'binary', maxLength: 3000 }), fc.string({ unit: 'grapheme', maxLength: 2000 }), fc.constant('x'.repeat(9000)));

describe('estimateTokens', () => {
  it.each([
    ['', 0],
    ['abcd', 1],
    ['abcde', 2],
    ['a'.repeat(4000), 1000],
    ['中文中文', 5], // 1.25 a character
    ['éé', 2], // 0.75 each
    ['😀😀', 3], // 1.5 each
  ])('%j is about %i tokens', (text, tokens) => {
    expect(estimateTokens(text)).toBe(tokens);
  });
});

describe('chunkTurns', () => {
  it('keeps every turn, in order, each chunk within the budget, joined as sent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyText, { maxLength: 12 }), fc.integer({ min: 100, max: 1500 }), async (texts, budget) => {
        const turns = texts.map((t, i) => turn(i, t));
        const chunks = await chunksOf(turns, budget);
        // Reassembled: every turn's pieces in order are its text exactly.
        const pieces = chunks.flatMap((c) => c.turns);
        expect(pieces.map((p) => p.id).filter((id, i, all) => all.indexOf(id) === i)).toEqual(turns.map((t) => t.id));
        for (const t of turns) expect(pieces.filter((p) => p.id === t.id).map((p) => p.text).join('')).toBe(t.text);
        for (const [i, chunk] of chunks.entries()) {
          expect(chunk.index).toBe(i);
          expect(chunk.tokens).toBe(estimateTokens(chunk.text));
          expect(chunk.tokens).toBeLessThanOrEqual(budget);
          expect(chunk.text).toBe(chunk.turns.map((p) => turnHeader(p) + p.text).join(TURN_SEPARATOR));
        }
        // Each chunk's cursor: after the last turn it completes, else the one before.
        let cursor = START_CURSOR;
        for (const chunk of chunks) {
          const last = chunk.turns.findLast((p) => p.part === p.parts);
          if (last) cursor = turns.find((t) => t.id === last.id)!.cursor;
          expect(chunk.cursor).toEqual(cursor);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('packs small turns together and starts a chunk when the next would not fit', async () => {
    const chunks = await chunksOf([turn(0, 'a'.repeat(800)), turn(1, 'b'.repeat(800)), turn(2, 'c'.repeat(800))], 450);
    expect(chunks.map((c) => c.turns.map((p) => p.id))).toEqual([['t0', 't1'], ['t2']]);
  });

  it('splits a turn bigger than the budget at line ends and marks its parts', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => `line ${i}: ${'z'.repeat(40)}\n`);
    const [only] = [turn(0, lines.join(''), 'assistant')];
    const chunks = await chunksOf([only!], 200);
    const parts = chunks.flatMap((c) => c.turns);
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.every((p) => p.text.endsWith('\n'))).toBe(true);
    expect(chunks[0]!.text.startsWith(`[ASSISTANT (part 1 of ${parts.length})]\nline 0: `)).toBe(true);
    // Until its last part is in, the chunks keep the cursor from before the turn.
    expect(chunks.slice(0, -1).every((c) => c.cursor === START_CURSOR)).toBe(true);
    expect(chunks.at(-1)!.cursor).toEqual(only!.cursor);
  });

  it('splits prose at sentence ends when it has no line ends', async () => {
    const text = Array.from({ length: 80 }, (_, i) => `Sentence number ${i} says something.`).join(' ');
    const parts = (await chunksOf([turn(0, text)], 150)).flatMap((c) => c.turns);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.slice(0, -1).every((p) => p.text.endsWith('. '))).toBe(true);
  });

  it('never cuts between the two halves of a surrogate pair', async () => {
    const parts = (await chunksOf([turn(0, '😀'.repeat(3000))], 120)).flatMap((c) => c.turns);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.text).toMatch(/^(😀)+$/u);
  });

  it('marks sub-agent turns in their header', () => {
    expect(turnHeader({ role: 'assistant', sidechain: true, part: 1, parts: 1 })).toBe('[ASSISTANT (sub-agent)]\n');
    expect(turnHeader({ role: 'user', sidechain: false, part: 2, parts: 3 })).toBe('[USER (part 2 of 3)]\n');
  });

  it('yields nothing for no turns and refuses a budget too small to hold a header', async () => {
    expect(await chunksOf([], 6000)).toEqual([]);
    await expect(chunksOf([turn(0, 'x')], 10)).rejects.toThrow(RangeError);
  });
});
