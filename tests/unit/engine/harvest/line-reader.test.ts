import fc from 'fast-check';
import { truncate, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { copyTail, LineReader, TAIL_BYTES, type Line, type LineReaderOptions } from '../../../../src-main/engine/harvest/line-reader';
import { useTempDir } from '../../../helpers/temp-dir';

const temp = useTempDir('memsync-lines-');
const fileWith = temp.write;

interface Seen {
  kind: Line['kind'];
  text: string | null;
  start: number;
  end: number;
  length: number;
  tail: string;
}

async function readAll(file: string, options: LineReaderOptions = {}) {
  const reader = await LineReader.open(file, options);
  const lines: Seen[] = [];
  try {
    const tail = Buffer.alloc(TAIL_BYTES);
    const onLine = (l: Line) => lines.push({ kind: l.kind, text: l.bytes?.toString('utf8') ?? null, start: l.start, end: l.end, length: l.length, tail: tail.toString('latin1', 0, copyTail(l, tail)) });
    while (await reader.next(onLine));
    return { lines, counts: { ...reader.counts }, offset: reader.offset };
  } finally {
    await reader.close();
  }
}

describe('LineReader', () => {
  it('hands out complete lines with their offsets, from any line start', async () => {
    const file = await fileWith('{"a":1}\n\n{"b":22}\n');
    const all = await readAll(file);
    expect(all.lines).toMatchObject([
      { kind: 'text', text: '{"a":1}', start: 0, end: 8, length: 7 },
      { kind: 'blank', text: '', start: 8, end: 9 },
      { kind: 'text', text: '{"b":22}', start: 9, end: 18 },
    ]);
    expect(all.counts).toMatchObject({ lines: 3, blankLines: 1, pendingBytes: 0 });
    expect(all.offset).toBe(18);
    expect((await readAll(file, { start: 9 })).lines.map((l) => l.text)).toEqual(['{"b":22}']);
  });

  it('leaves a line still being written for the next pass', async () => {
    const file = await fileWith('{"a":1}\n{"b":');
    const first = await readAll(file);
    expect(first.lines.map((l) => l.text)).toEqual(['{"a":1}']);
    expect(first.counts.pendingBytes).toBe(5);
    expect(first.offset).toBe(8);
    await writeFile(file, '{"a":1}\n{"b":2}\n');
    expect((await readAll(file, { start: first.offset })).lines.map((l) => l.text)).toEqual(['{"b":2}']);
  });

  it('reads an empty file as no lines', async () => {
    expect(await readAll(await fileWith(''))).toMatchObject({ lines: [], offset: 0, counts: { lines: 0, pendingBytes: 0 } });
  });

  it('skips a line longer than the limit, held in pieces only, and counts it', async () => {
    const long = `{"t":"${'x'.repeat(5000)}end"}`;
    const file = await fileWith(`{"a":1}\n${long}\n{"b":2}\n`);
    const { lines, counts } = await readAll(file, { maxLineBytes: 1000, blockBytes: 1024 });
    expect(lines.map((l) => [l.kind, l.text])).toEqual([['text', '{"a":1}'], ['oversize', null], ['text', '{"b":2}']]);
    expect(lines[1]).toMatchObject({ start: 8, end: 8 + long.length + 1, length: long.length, tail: long.slice(-TAIL_BYTES) });
    expect(counts).toMatchObject({ oversizeLines: 1, oversizeBytes: long.length });
  });

  it('reports an oversize line that is still being written as pending', async () => {
    const { lines, counts, offset } = await readAll(await fileWith(`{"a":1}\n${'y'.repeat(3000)}`), { maxLineBytes: 1000, blockBytes: 1024 });
    expect(lines).toHaveLength(1);
    expect(counts).toMatchObject({ oversizeLines: 0, pendingBytes: 3000 });
    expect(offset).toBe(8);
  });

  it('skips a byte-order mark at the start of the file', async () => {
    const { lines } = await readAll(await fileWith(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}\n')])));
    expect(lines).toMatchObject([{ text: '{"a":1}', start: 0, end: 11, length: 10 }]);
  });

  it('refuses a start outside the file', async () => {
    await expect(LineReader.open(await fileWith('{}\n'), { start: 4 })).rejects.toThrow(RangeError);
  });

  it('stops cleanly when the file shrinks while it is read', async () => {
    const file = await fileWith(Array.from({ length: 200 }, (_, i) => `{"i":${i}}`).join('\n') + '\n');
    const reader = await LineReader.open(file, { blockBytes: 1024 });
    const seen: string[] = [];
    try {
      await reader.next((l) => seen.push(l.bytes!.toString()));
      await truncate(file, 1500);
      while (await reader.next((l) => seen.push(l.bytes!.toString())));
    } finally {
      await reader.close();
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s, i) => s === `{"i":${i}}`)).toBe(true);
    expect(reader.offset).toBeLessThanOrEqual(1500);
  });

  it('agrees with splitting the whole file, for any lines, block size and limit', async () => {
    const line = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ minLength: 100, maxLength: 3000 }), fc.constant(''), fc.constant(' \t'));
    await fc.assert(
      fc.asyncProperty(fc.array(line.map((s) => s.replace(/\n/g, ' ')), { maxLength: 25 }), fc.boolean(), fc.integer({ min: 1024, max: 4096 }), fc.integer({ min: 50, max: 2500 }), async (texts, torn, blockBytes, maxLineBytes) => {
        const content = texts.join('\n') + (torn || texts.length === 0 ? '' : '\n');
        const bytes = Buffer.from(content);
        const { lines, counts, offset } = await readAll(await fileWith(bytes), { blockBytes, maxLineBytes });
        // The naive reference: split the bytes, keep the complete lines.
        const expected: Seen[] = [];
        let start = 0;
        for (let nl = bytes.indexOf(10); nl !== -1; nl = bytes.indexOf(10, start)) {
          const raw = bytes.subarray(start, nl);
          const kind = raw.length > maxLineBytes ? 'oversize' : /^[ \t\r]*$/.test(raw.toString()) ? 'blank' : 'text';
          expected.push({ kind, text: kind === 'oversize' ? null : raw.toString(), start, end: nl + 1, length: raw.length, tail: raw.subarray(Math.max(0, raw.length - TAIL_BYTES)).toString('latin1') });
          start = nl + 1;
        }
        expect(lines).toEqual(expected);
        expect(offset).toBe(start);
        expect(counts.pendingBytes).toBe(bytes.length - start);
      }),
      { numRuns: 60 },
    );
  });
});
