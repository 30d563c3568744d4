import { findHeadings, normalizeTitle } from './sections';

/**
 * Hard constraints: the section of the memory whose items are never dropped by a model's rewrite.
 * Pure (no Node), so the UI can highlight the same sections the engine protects.
 *
 * Differences from memsync's `enforce_hard_constraints` (spec §4.4, §11.9), on purpose:
 * - `##` and `###` headings, CommonMark-parsed (a `## Hard constraints` inside a code fence is not a
 *   heading), titles matched case-insensitively with qualifiers allowed ("Hard Constraints (never
 *   remove)", "HARD CONSTRAINTS:", "Constraints — do not remove"), plus names from settings.
 * - A section runs to the next heading of the same or a higher level, so `###` subsections inside
 *   a `##` constraints section keep their items protected.
 * - Items are compared normalized; a reworded item is reported, not duplicated.
 * - Restored items go after the section's last item (or right under an empty heading, even when it
 *   is the last line of the file), never under a second heading.
 */

export const DEFAULT_CONSTRAINT_TITLES: readonly string[] = ['hard constraints', 'constraints'];

/** What may follow a constraints name in a title: a qualifier that starts with punctuation. */
const QUALIFIER = /^\s*[([{:\-‐‑–—|,.;!/*]/;

function cleanTitle(title: string): string {
  const plain = title
    .replace(/[*_`~]/g, '')
    .replace(/\s#+\s*$/, '') // an ATX closing sequence, when a raw heading text is passed
    .replace(/^[^\p{L}\p{N}]+/u, '') // a leading emoji or symbol: "🔒 Hard constraints"
    .replace(/^\d+[.)]\s+/, ''); // a numbered heading: "4. Hard constraints"
  return normalizeTitle(plain);
}

/**
 * True when a heading title names a constraints section: after normalization (case, spaces,
 * emphasis, a leading emoji or number) the title IS one of the names, or starts with one followed
 * by a qualifier that begins with punctuation — "(never remove)", ": do not soften", "— always".
 * A title where the name continues with a word ("Constraints on caching") is a different topic
 * and is NOT a constraints section. `extraNames` (settings) follow the same rule: an exact
 * normalized match, or a prefix followed by such a qualifier.
 */
export function isConstraintsTitle(title: string, extraNames: readonly string[] = []): boolean {
  const norm = cleanTitle(title);
  if (!norm) return false;
  for (const raw of [...DEFAULT_CONSTRAINT_TITLES, ...extraNames]) {
    const name = cleanTitle(raw);
    if (!name || !norm.startsWith(name)) continue;
    const rest = norm.slice(name.length);
    if (rest === '' || QUALIFIER.test(rest)) return true;
  }
  return false;
}

export interface ConstraintSection {
  title: string;
  depth: number;
  /** Offset of the heading's first character. */
  start: number;
  /** Offset just past the heading line(s). */
  headingEnd: number;
  /** Offset of the next heading of the same or a higher level, or the text's length. */
  end: number;
}

/**
 * `##` and `###` constraints sections in file order. A `###` constraints heading inside another
 * `##` section is a section of its own; one inside a `##` constraints section is part of it.
 */
export function findConstraintSections(text: string, extraNames: readonly string[] = []): ConstraintSection[] {
  const headings = findHeadings(text);
  const sections: ConstraintSection[] = [];
  let coveredUntil = -1;
  headings.forEach((h, index) => {
    if (h.depth < 2 || h.depth > 3 || h.start < coveredUntil) return;
    if (!isConstraintsTitle(h.title, extraNames)) return;
    const next = headings.slice(index + 1).find((o) => o.depth <= h.depth);
    const end = next ? next.start : text.length;
    sections.push({ title: h.title, depth: h.depth, start: h.start, headingEnd: h.lineEnd, end });
    coveredUntil = end;
  });
  return sections;
}

export interface ConstraintItem {
  /** The line as written, trimmed. */
  text: string;
  /** The line normalized for comparison. */
  norm: string;
  /** Title of the constraints section it is in. */
  section: string;
}

/**
 * A constraint line normalized for comparison: lowercase, no quote or list markers (bullets,
 * numbers, task boxes), no emphasis or backticks, straight quotes, collapsed spaces, no trailing
 * punctuation. "1. **Never** force-push to `main`." → "never force-push to main".
 */
export function normalizeConstraint(line: string): string {
  let s = line.normalize('NFKC').replace(/[‘’ʼ]/g, "'").replace(/[“”]/g, '"').trim();
  s = s.replace(/^(>\s*)+/, '');
  s = s.replace(/^([-*+]|\d{1,9}[.)])\s+/, '');
  s = s.replace(/^\[[ xX]\]\s+/, '');
  s = s.toLowerCase();
  s = s.replace(/[`*]|~~/g, '');
  s = s.replace(/(^|[^\p{L}\p{N}])_+|_+(?=[^\p{L}\p{N}]|$)/gu, '$1');
  s = s.replace(/\s+/g, ' ').trim();
  return s.replace(/[\s.,;:!?…]+$/u, '');
}

/** Every item (non-empty, non-heading line with a letter or digit) of every constraints section. */
export function extractConstraints(text: string, extraNames: readonly string[] = []): ConstraintItem[] {
  const headings = findHeadings(text);
  const items: ConstraintItem[] = [];
  for (const section of findConstraintSections(text, extraNames)) {
    const inner = headings.filter((h) => h.start >= section.headingEnd && h.start < section.end);
    let offset = section.headingEnd;
    while (offset < section.end) {
      const newline = text.indexOf('\n', offset);
      const lineEnd = newline === -1 || newline >= section.end ? section.end : newline + 1;
      const lineStart = offset;
      offset = lineEnd;
      if (inner.some((h) => lineStart >= h.start && lineStart < h.lineEnd)) continue;
      const line = text.slice(lineStart, lineEnd).trim();
      const norm = normalizeConstraint(line);
      if (!line || !/[\p{L}\p{N}]/u.test(norm)) continue;
      items.push({ text: line, norm, section: section.title });
    }
  }
  return items;
}

// ---- similarity -------------------------------------------------------------------------------

const STOP_WORDS = new Set(
  ('a an the to of in on at for and or but nor with by from as into onto be is are was were been being do does did ' +
    'this that these those it its i me my we our us you your they them their he she his her there here any all some ' +
    'every each so then than also just only please must should shall will would can could may might always ever ' +
    'make sure ensure').split(' '),
);
const NEGATIONS = new Set(['never', 'not', 'no', 'dont', 'cannot', 'avoid', 'nothing', 'none']);

function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 4 && /(sh|ch|x|ss|zz)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Meaningful words of a normalized item: stemmed, stop words out, every negation as one token. */
export function meaningfulWords(norm: string): Set<string> {
  const expanded = norm
    .replace(/\b(can't|cannot|won't)\b/g, ' not ')
    .replace(/n't\b/g, ' not');
  const words = new Set<string>();
  for (const raw of expanded.split(/[^\p{L}\p{N}]+/u)) {
    if (!raw) continue;
    if (NEGATIONS.has(raw)) {
      words.add('¬');
      continue;
    }
    if (STOP_WORDS.has(raw)) continue;
    words.add(stem(raw));
  }
  return words;
}

/** Jaccard similarity of two word sets (0 when either is empty). */
export function wordSimilarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Items at least this similar (meaningful-word Jaccard) count as the same constraint reworded. */
export const REWORD_THRESHOLD = 0.5;

// ---- enforcement ------------------------------------------------------------------------------

/**
 * The starter template's placeholder (memsync's text): the model may replace it with real
 * constraints without it being put back.
 */
const PLACEHOLDERS = new Set([normalizeConstraint('- (Rules that must never be lost or softened through compaction)')]);

export interface EnforceResult {
  /** `after` with every lost constraint put back (byte-identical to `after` when none was lost). */
  text: string;
  /** Items of `before` that were missing from `after` and were put back, as written in `before`. */
  restored: string[];
  /** Items of `before` replaced in `after` by a similar line (not put back, so not duplicated). */
  reworded: Array<{ before: string; after: string }>;
}

function endsWithBlankLine(text: string): boolean {
  return /\n[ \t]*\r?\n$/.test(text);
}

/** Puts `lines` into the first constraints section of `text`, or a new one at the end. */
function insertItems(text: string, lines: readonly string[], extraNames: readonly string[]): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const block = lines.join(eol);
  const section = findConstraintSections(text, extraNames)[0];
  if (!section) {
    if (text.trim() === '') return `${text}## Hard constraints${eol}${block}${eol}`;
    const separator = endsWithBlankLine(text) ? '' : text.endsWith('\n') ? eol : eol + eol;
    return `${text}${separator}## Hard constraints${eol}${block}${text.endsWith('\n') ? eol : ''}`;
  }
  const body = text.slice(section.headingEnd, section.end);
  const splice = (at: number, insertion: string) => text.slice(0, at) + insertion + text.slice(at);
  if (body.trim() === '') {
    // An empty section: right under its heading, also when the heading is the file's last line.
    const at = section.headingEnd;
    if (!text.slice(0, at).endsWith('\n')) return splice(at, eol + block);
    const headingFollows = body === '' && section.end < text.length;
    return splice(at, block + eol + (headingFollows ? eol : ''));
  }
  // After the last line with content, before the section's trailing blank lines and next heading.
  const contentEnd = section.headingEnd + body.trimEnd().length;
  const newline = text.indexOf('\n', contentEnd);
  if (newline === -1 || newline >= section.end) return splice(contentEnd, eol + block);
  return splice(newline + 1, block + eol);
}

/**
 * Makes sure every constraint item of `before` survives in `after`. An item present in a
 * constraints section of `after` (normalized) is kept; an item replaced by a similar new item
 * (meaningful-word Jaccard ≥ 0.5, each new item paired at most once, best pairs first) is reported
 * as reworded and not duplicated; any other missing item is put back. Items added in `after` are
 * allowed, and nothing outside the inserted lines changes. Idempotent: enforcing again on the
 * result changes nothing.
 */
export function enforceConstraints(before: string, after: string, extraNames: readonly string[] = []): EnforceResult {
  const beforeItems = extractConstraints(before, extraNames);
  if (beforeItems.length === 0) return { text: after, restored: [], reworded: [] };
  const afterItems = extractConstraints(after, extraNames);
  const afterNorms = new Set(afterItems.map((i) => i.norm));
  const beforeNorms = new Set(beforeItems.map((i) => i.norm));

  const missing: ConstraintItem[] = [];
  const seen = new Set<string>();
  for (const item of beforeItems) {
    if (afterNorms.has(item.norm) || seen.has(item.norm) || PLACEHOLDERS.has(item.norm)) continue;
    seen.add(item.norm);
    missing.push(item);
  }
  if (missing.length === 0) return { text: after, restored: [], reworded: [] };

  const candidateNorms = new Set<string>();
  const candidates = afterItems.filter((i) => {
    if (beforeNorms.has(i.norm) || candidateNorms.has(i.norm)) return false;
    candidateNorms.add(i.norm);
    return true;
  });
  const missingWords = missing.map((m) => meaningfulWords(m.norm));
  const candidateWords = candidates.map((c) => meaningfulWords(c.norm));
  const pairs: Array<{ m: number; c: number; score: number }> = [];
  missingWords.forEach((mw, m) => {
    candidateWords.forEach((cw, c) => {
      const score = wordSimilarity(mw, cw);
      if (score >= REWORD_THRESHOLD) pairs.push({ m, c, score });
    });
  });
  pairs.sort((x, y) => y.score - x.score || x.m - y.m || x.c - y.c);
  const matchOf = new Map<number, number>();
  const usedCandidates = new Set<number>();
  for (const { m, c } of pairs) {
    if (matchOf.has(m) || usedCandidates.has(c)) continue;
    matchOf.set(m, c);
    usedCandidates.add(c);
  }

  const restored: string[] = [];
  const reworded: EnforceResult['reworded'] = [];
  missing.forEach((item, m) => {
    const c = matchOf.get(m);
    const candidate = c === undefined ? undefined : candidates[c];
    if (candidate) reworded.push({ before: item.text, after: candidate.text });
    else restored.push(item.text);
  });
  const text = restored.length > 0 ? insertItems(after, restored, extraNames) : after;
  return { text, restored, reworded };
}
