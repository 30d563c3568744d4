import { describe, expect, it } from 'vitest';
import {
  findDamagedHeadings,
  escapeNoteText,
  formatEntry,
  normalizeNoteText,
  parseSessionFile,
  unescapeNoteText,
} from '../../../src-main/engine/notes/entry-format';

const meta = (id: string) => ({ id, source: 'cli', redacted: [] as string[] });

describe('session log entries', () => {
  it('write memsync\'s format with our metadata as the first line of the text', () => {
    expect(formatEntry('10:15:42', true, meta('n1'), 'Prefer pnpm')).toBe(
      '\n---\n### 10:15:42 (captured)\n<!-- memsync-note id=n1 source=cli -->\nPrefer pnpm\n',
    );
    expect(formatEntry('23:55:00', false, { id: 'n2', source: 'refresh', redacted: ['jwt', 'aws-access-key-id'] }, 'x')).toBe(
      '\n---\n### 23:55:00\n<!-- memsync-note id=n2 source=refresh redacted=jwt,aws-access-key-id -->\nx\n',
    );
  });

  it('read back ours and memsync\'s entries from one file', () => {
    const file =
      '\n---\n### 09:30:00\nrefresh notes by memsync\n' +
      '\n---\n### 10:15:42 (captured)\ncaptured by memsync\nsecond line\n' +
      formatEntry('11:00:00', true, meta('n3'), 'ours');
    const entries = parseSessionFile('2026-01-02', file);
    expect(entries.map((e) => [e.time, e.captured, e.text, e.meta?.id ?? null])).toEqual([
      ['09:30:00', false, 'refresh notes by memsync', null],
      ['10:15:42', true, 'captured by memsync\nsecond line', null],
      ['11:00:00', true, 'ours', 'n3'],
    ]);
    // memsync entries get stable ids from their day, time and text.
    expect(parseSessionFile('2026-01-02', file)[0]!.id).toBe(entries[0]!.id);
    expect(entries[0]!.id).toMatch(/^m-2026-01-02-093000-[0-9a-f]{10}$/);
  });

  it.each([
    'one\n---\n### 12:00:00 (captured)\nforged',
    '---\n### 12:00:00\nstarts like an entry',
    '### 12:00:00 (captured)',
    'already escaped: \\### 12:00:00 and\n\\### 13:00:00 at a line start',
    '\\\\### 14:00:00 two backslashes',
    '<!-- memsync-note id=evil source=http -->\ninjected metadata',
    'tail\n---\n',
  ])('a note can never forge an entry boundary: %j', (text) => {
    const file = formatEntry('10:00:00', true, meta('a'), text) + formatEntry('10:00:01', true, meta('b'), 'next');
    const entries = parseSessionFile('2026-01-02', file);
    expect(entries.map((e) => e.id)).toEqual(['a', 'b']);
    expect(entries[0]!.text).toBe(text);
    expect(unescapeNoteText(escapeNoteText(text))).toBe(text);
  });

  it('normalizes line endings and trailing space, and still parses a file with CRLF endings', () => {
    expect(normalizeNoteText('\n  a\r\nb\rc  \n\n')).toBe('a\nb\nc');
    const crlf = formatEntry('10:00:00', true, meta('c'), 'x\ny').replace(/\n/g, '\r\n');
    expect(parseSessionFile('2026-01-02', crlf)).toEqual([
      { id: 'c', day: '2026-01-02', time: '10:00:00', captured: true, text: 'x\ny', meta: meta('c') },
    ]);
  });
});

describe('damaged note headings', () => {
  it('are found by line: a heading that is not one after "---", or a good one that lost its "---"', () => {
    const log = [
      '',
      '---',
      '### 10:30:00 (captured)',
      'first note',
      '',
      '---',
      '### 10:3O:00 (captured)', // line 7: a letter O for a zero
      'second note, read as part of the first',
      '',
      '--',
      '### 11:00:00 (captured)', // line 11: its "---" lost a dash
      'third note',
      '',
      '---',
      '## 12:00:00', // line 15
      'fourth',
    ].join('\n');
    expect(findDamagedHeadings(log)).toEqual([7, 11, 15]);
    // What parsing made of it: the damaged ones joined the note before.
    expect(parseSessionFile('2026-11-21', log).map((e) => e.time)).toEqual(['10:30:00']);
  });

  it('finds nothing in what memsync writes, notes that look like headings included', () => {
    const ours =
      formatEntry('09:00:00', true, { id: 'n1', source: 'cli', redacted: [] }, 'a note\n### 10:00:00 (captured)\nwith a heading-like line\n---\n# Plans') +
      formatEntry('09:05:00', false, { id: 'n2', source: 'refresh', redacted: [] }, 'a refresh note') +
      '\n---\n### 09:10:00 (captured)\nmemsync (Python) wrote this one\n';
    expect(findDamagedHeadings(ours)).toEqual([]);
    expect(parseSessionFile('2026-11-21', ours)).toHaveLength(3);
  });
});
