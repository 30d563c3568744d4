import { createHash } from 'node:crypto';

/**
 * The session log format (sessions/YYYY-MM-DD.md), shared with memsync (Python):
 *
 *   \n---\n### HH:MM:SS (captured)\n<text>\n     a captured note
 *   \n---\n### HH:MM:SS\n<text>\n                the notes of a refresh run
 *
 * This app adds one HTML comment as the first line of the text, which memsync reads as part of
 * the note and markdown renderers hide:
 *
 *   <!-- memsync-note id=<id> source=<source> [redacted=<kind,kind>] -->
 *
 * A note must never read as two: a line of the note that looks like an entry heading
 * (`### HH:MM:SS`) gets a leading backslash (markdown shows it the same), and a backslash that
 * already leads such a line gets another, so the escape is reversible.
 */

export interface EntryMeta {
  id: string;
  source: string;
  redacted: string[];
}

export interface ParsedEntry {
  id: string;
  day: string;
  time: string;
  /** `(captured)` entries; refresh entries are notes memsync (or a refresh here) already merged. */
  captured: boolean;
  text: string;
  /** Null for entries written by memsync (Python), which carry no metadata. */
  meta: EntryMeta | null;
}

const HEADING_LINE = /^(\\*)(### \d{2}:\d{2}:\d{2})/gm;
const UNESCAPE_LINE = /^\\(\\*### \d{2}:\d{2}:\d{2})/gm;
const BOUNDARY = /(?:^|\n)---\n### (\d{2}:\d{2}:\d{2})( \(captured\))?[ \t]*\n/g;
const META = /^<!-- memsync-note id=([A-Za-z0-9._:-]+) source=([A-Za-z0-9._:-]+)(?: redacted=([a-z0-9,-]+))? -->\n?/;

export function escapeNoteText(text: string): string {
  return text.replace(HEADING_LINE, '\\$1$2');
}

export function unescapeNoteText(text: string): string {
  return text.replace(UNESCAPE_LINE, '$1');
}

/** Line endings become \n and surrounding whitespace goes: what a note's text is, once stored. */
export function normalizeNoteText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

export function formatEntry(time: string, captured: boolean, meta: EntryMeta, text: string): string {
  const redacted = meta.redacted.length ? ` redacted=${meta.redacted.join(',')}` : '';
  const heading = `### ${time}${captured ? ' (captured)' : ''}`;
  return `\n---\n${heading}\n<!-- memsync-note id=${meta.id} source=${meta.source}${redacted} -->\n${escapeNoteText(text)}\n`;
}

/** Stable id of a memsync-written entry: its day, time and text (so re-reading gives the same id). */
function legacyId(day: string, time: string, text: string, seen: Map<string, number>): string {
  const base = `m-${day}-${time.replaceAll(':', '')}-${createHash('sha256').update(text).digest('hex').slice(0, 10)}`;
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  return n === 1 ? base : `${base}-${n}`;
}

/** Reads every entry of a session file, ours and memsync's. */
export function parseSessionFile(day: string, content: string): ParsedEntry[] {
  const text = content.replace(/\r\n?/g, '\n');
  const starts: Array<{ index: number; end: number; time: string; captured: boolean }> = [];
  for (const m of text.matchAll(BOUNDARY)) {
    starts.push({ index: m.index, end: m.index + m[0].length, time: m[1]!, captured: m[2] !== undefined });
  }
  const seen = new Map<string, number>();
  return starts.map((start, i) => {
    const next = starts[i + 1]?.index ?? text.length;
    let body = text.slice(start.end, next).replace(/\n$/, '');
    const meta = META.exec(body);
    if (meta) {
      body = unescapeNoteText(body.slice(meta[0].length));
      return {
        id: meta[1]!,
        day,
        time: start.time,
        captured: start.captured,
        text: body,
        meta: { id: meta[1]!, source: meta[2]!, redacted: meta[3] ? meta[3].split(',') : [] },
      };
    }
    return { id: legacyId(day, start.time, body, seen), day, time: start.time, captured: start.captured, text: body, meta: null };
  });
}

const VALID_HEADING = /^### \d{2}:\d{2}:\d{2}(?: \(captured\))?[ \t]*$/;
/** A heading meant as a note's: a time (`10:3O`, `10:30`) or `(captured)` in it. */
const HEADING_MEANT = /^#{1,6}.*(?:\(captured|\b\w{1,2}:\w{2}\b)/;

/**
 * Lines (1-based) where a note heading is damaged, so the entries around it read as one: after a
 * `---` line, a heading that is not `### HH:MM:SS` (`## 10:30:00`, `### 10:3O:00 (captured)`),
 * or a well-formed heading whose `---` line is damaged or gone. Ours never look so: a note's own
 * heading-like lines are escaped.
 */
export function findDamagedHeadings(content: string): number[] {
  const text = content.replace(/\r\n?/g, '\n');
  const damaged: number[] = [];
  // Only lines starting with "#" can be headings: one scan for them, line numbers counted as it goes.
  let line = 1;
  let counted = 0;
  for (const m of text.matchAll(/^#[^\n]*/gm)) {
    for (let i = text.indexOf('\n', counted); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
    counted = m.index;
    const afterRule = m.index >= 4 && text.startsWith('---\n', m.index - 4) && (m.index === 4 || text[m.index - 5] === '\n');
    if (VALID_HEADING.test(m[0]) ? !afterRule : afterRule && HEADING_MEANT.test(m[0])) damaged.push(line);
  }
  return damaged;
}

/** Time-ordered unique id: 12 hex digits of milliseconds, then 10 random hex digits. */
export function newNoteId(now: Date, random: () => string): string {
  return `n${now.getTime().toString(16).padStart(12, '0')}${random()}`;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** The log's day and heading time for a moment, in local time (as memsync does). */
export function localDayAndTime(date: Date): { day: string; time: string } {
  return {
    day: `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`,
    time: `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`,
  };
}
