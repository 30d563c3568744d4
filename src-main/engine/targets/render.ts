import { isConstraintsTitle } from '../../../src-shared/markdown/constraints';
import { normalizeTitle, splitSections } from '../../../src-shared/markdown/sections';

/** Sections that are never left out: the person's hard rules (same test as constraint enforcement). */
export { isConstraintsTitle };

/** Markers of the part of a target file that memsync owns in managed-block mode. */
export const BLOCK_START = '<!-- memsync:start -->';
export const BLOCK_END = '<!-- memsync:end -->';

/*
 * The memory may mention the markers themselves (a note about memsync, say). Written as they are,
 * the first one inside the block would end it early, and every later render would grow the file.
 * Inside the block they are written with an escaped colon and read back unescaped.
 */
const ESCAPED_START = '<!-- memsync\\:start -->';
const ESCAPED_END = '<!-- memsync\\:end -->';

function escapeMarkers(content: string): string {
  return content.split(BLOCK_START).join(ESCAPED_START).split(BLOCK_END).join(ESCAPED_END);
}

function unescapeMarkers(content: string): string {
  return content.split(ESCAPED_START).join(BLOCK_START).split(ESCAPED_END).join(BLOCK_END);
}

export interface Budget {
  limit: number;
  unit: 'chars' | 'bytes';
}

export interface FitResult {
  text: string;
  /** Titles of the `##` sections left out, in file order. */
  omittedSections: string[];
  /** Even the protected parts did not fit and the text was cut at a line boundary. */
  truncated: boolean;
}

const encoder = new TextEncoder();
export function measure(text: string, unit: Budget['unit']): number {
  return unit === 'bytes' ? encoder.encode(text).length : [...text].length;
}

/** Sections that go first when space runs out: history is the least useful to an agent. */
const LOW_VALUE = /\b(recent completions|completed|done|archive|history|changelog|log|notes)\b/;

function omissionNote(omitted: string[], truncated: boolean, budget: Budget): string {
  const what = omitted.length > 0 ? `left out ${omitted.map((t) => `"${t}"`).join(', ')}` : '';
  const cut = truncated ? `${what ? '; ' : ''}cut the rest` : '';
  return `\n<!-- memsync: ${what}${cut} to fit this agent's limit of ${budget.limit} ${budget.unit}. The full memory is GLOBAL_MEMORY.md in your sync folder. -->\n`;
}

/**
 * Makes `memory` fit `budget`: whole `##` sections are left out, least useful first (history-like
 * sections, then from the bottom up), never the preamble or a constraints section; a note at the
 * end says what was left out. Only if the protected parts alone are too long is the text cut, at a
 * line boundary. The caller reports `omittedSections`, so nothing is cut silently.
 */
export function fitToBudget(memory: string, budget: Budget | null): FitResult {
  if (!budget || measure(memory, budget.unit) <= budget.limit) return { text: memory, omittedSections: [], truncated: false };
  const { preamble, sections } = splitSections(memory);
  const order = sections
    .map((s, index) => ({ s, index }))
    .filter(({ s }) => !isConstraintsTitle(s.title))
    .sort((a, b) => {
      const low = Number(LOW_VALUE.test(normalizeTitle(b.s.title))) - Number(LOW_VALUE.test(normalizeTitle(a.s.title)));
      return low !== 0 ? low : b.index - a.index;
    });
  const dropped = new Set<number>();
  const assemble = () => preamble + sections.filter((_s, i) => !dropped.has(i)).map((s) => s.text).join('');
  const omittedTitles = () => sections.filter((_s, i) => dropped.has(i)).map((s) => s.title);

  for (const { index } of order) {
    dropped.add(index);
    const candidate = assemble().replace(/\s*$/, '\n') + omissionNote(omittedTitles(), false, budget);
    if (measure(candidate, budget.unit) <= budget.limit) {
      return { text: candidate, omittedSections: omittedTitles(), truncated: false };
    }
  }
  // Still too long: keep whole lines from the start while they fit together with the note.
  const note = omissionNote(omittedTitles(), true, budget);
  const room = budget.limit - measure(note, budget.unit);
  const lines = assemble().split('\n');
  let kept = '';
  for (const line of lines) {
    const next = `${kept}${line}\n`;
    if (measure(next, budget.unit) > room) break;
    kept = next;
  }
  return { text: kept + note, omittedSections: omittedTitles(), truncated: true };
}

export interface ManagedBlock {
  before: string;
  inner: string;
  after: string;
}

/** Splits a file at memsync's markers; undefined when the file has no complete block. */
export function findManagedBlock(text: string): ManagedBlock | undefined {
  const start = text.indexOf(BLOCK_START);
  if (start === -1) return undefined;
  const end = text.indexOf(BLOCK_END, start + BLOCK_START.length);
  if (end === -1) return undefined;
  const innerStart = start + BLOCK_START.length;
  return {
    before: text.slice(0, start),
    inner: unescapeMarkers(text.slice(innerStart, end).replace(/^\n/, '').replace(/\n$/, '')),
    after: text.slice(end + BLOCK_END.length),
  };
}

/**
 * Puts `content` into the managed block of `existing`, keeping every byte outside the markers. A
 * file without a block gets one appended after the person's text (separated by a blank line).
 */
export function spliceManagedBlock(existing: string | undefined, content: string): string {
  const block = `${BLOCK_START}\n${escapeMarkers(content).replace(/\n+$/, '')}\n${BLOCK_END}`;
  if (existing === undefined || existing.trim() === '') return `${block}\n`;
  const found = findManagedBlock(existing);
  if (found) return `${found.before}${block}${found.after}`;
  return `${existing.replace(/\n*$/, '')}\n\n${block}\n`;
}

export interface RenderedTarget {
  text: string;
  omittedSections: string[];
  truncated: boolean;
  /** Characters of memory in the result (for status). */
  memoryChars: number;
}

/**
 * The full text a target should hold. `copy` (and symlink's copy fallback) is the memory itself
 * when it fits, byte for byte — what memsync wrote, so its own checks still pass.
 * `managed-block` keeps the person's text and fits the block into what the budget leaves.
 */
export function renderTarget(memory: string, mode: 'copy' | 'managed-block', budget: Budget | null, existing?: string): RenderedTarget {
  if (mode === 'copy') {
    const fit = fitToBudget(memory, budget);
    return { text: fit.text, omittedSections: fit.omittedSections, truncated: fit.truncated, memoryChars: [...fit.text].length };
  }
  const outside = existing === undefined ? '' : (() => {
    const found = findManagedBlock(existing);
    return found ? found.before + found.after : existing;
  })();
  const overhead = measure(spliceManagedBlock(outside || undefined, ''), budget?.unit ?? 'chars');
  const room = budget ? { limit: Math.max(0, budget.limit - overhead), unit: budget.unit } : null;
  // Escaped before fitting, so the budget counts the characters that are really written.
  const fit = fitToBudget(escapeMarkers(memory), room);
  return {
    text: spliceManagedBlock(existing, fit.text),
    omittedSections: fit.omittedSections,
    truncated: fit.truncated,
    memoryChars: [...fit.text].length,
  };
}
