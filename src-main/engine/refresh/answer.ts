import { findHeadings, normalizeTitle, splitSections } from '../../../src-shared/markdown/sections';

/** The model's answer could not be used; the raw text is kept for the person to look at. */
export class MalformedAnswer extends Error {
  readonly raw: string;
  constructor(message: string, raw: string) {
    super(message);
    this.name = 'MalformedAnswer';
    this.raw = raw;
  }
}

export interface SectionPatch {
  action: 'replace' | 'add';
  /** replace: the section to replace; add: the section to follow (undefined: at the end). */
  anchor: string | undefined;
  /** The section as it should read, starting with its `## ` heading. */
  content: string;
}

export type ParsedAnswer = { kind: 'unchanged' } | { kind: 'patch'; patches: SectionPatch[] } | { kind: 'whole'; content: string };

/** Removes a code fence wrapped around the whole answer (```markdown … ```). */
export function stripFences(text: string): string {
  const trimmed = text.trim();
  const m = /^```[^\n]*\n([\s\S]*?)\n?```$/.exec(trimmed);
  return m ? m[1]! : text;
}

const SECTION = /<section\s+action\s*=\s*"(replace|add)"(?:\s+(title|after)\s*=\s*"([^"]*)")?\s*>([\s\S]*?)<\/section>/g;

/** Reads a patch-mode answer: `<section …>` blocks, or `<unchanged/>`. Anything else is malformed. */
export function parsePatchAnswer(raw: string): ParsedAnswer {
  const text = stripFences(raw);
  const patches: SectionPatch[] = [];
  for (const m of text.matchAll(SECTION)) {
    const [, action, attr, value, body = ''] = m;
    const content = body.replace(/^\s*\n/, '').replace(/\s+$/, '');
    const first = findHeadings(content)[0];
    if (!first || first.start !== 0 || first.depth !== 2) {
      throw new MalformedAnswer('A section in the answer does not start with a "## " heading.', raw);
    }
    if (action === 'replace' && (attr !== 'title' || !value)) {
      throw new MalformedAnswer('A replaced section in the answer does not name the section it replaces.', raw);
    }
    patches.push({ action: action as 'replace' | 'add', anchor: value || undefined, content });
  }
  const rest = text.replace(SECTION, '');
  if (/<section\b/i.test(rest)) throw new MalformedAnswer('The answer has a section that is not closed (cut off?).', raw);
  if (patches.length > 0) return { kind: 'patch', patches };
  if (/<unchanged\s*\/>/i.test(text)) return { kind: 'unchanged' };
  throw new MalformedAnswer('The answer is neither a list of changed sections nor <unchanged/>.', raw);
}

/**
 * Reads a whole-file answer (memsync's way): a wrapping code fence and any preamble before the
 * first line starting with `#` or `<!--` are dropped; without such a line it is not a memory file.
 */
export function parseWholeAnswer(raw: string, current: string): ParsedAnswer {
  const lines = stripFences(raw).split('\n');
  const start = lines.findIndex((l) => l.startsWith('#') || l.startsWith('<!--'));
  if (start === -1) throw new MalformedAnswer('The answer does not look like a memory file (no line starting with # or <!--).', raw);
  const content = lines.slice(start).join('\n').replace(/\s+$/, '') + (current.endsWith('\n') ? '\n' : '');
  return content === current ? { kind: 'unchanged' } : { kind: 'whole', content };
}

/**
 * Applies section patches to the memory deterministically: a replaced section keeps its place and
 * the blank lines after it; an added one goes after its anchor (or at the end). Text outside the
 * patched sections is not touched.
 */
export function applySectionPatches(memory: string, patches: readonly SectionPatch[]): string {
  const { preamble, sections } = splitSections(memory);
  const pieces = sections.map((s) => ({ title: normalizeTitle(s.title), text: s.text }));
  const find = (title: string | undefined) => (title === undefined ? -1 : pieces.findIndex((p) => p.title === normalizeTitle(title)));
  const headingOf = (content: string) => findHeadings(content)[0]?.title ?? '';

  for (const patch of patches) {
    const trailing = (text: string) => /\s*$/.exec(text)![0];
    let index = patch.action === 'replace' ? find(patch.anchor) : -1;
    // A replace whose title is not found, or an add of a section that already exists, both land
    // on the section the content's own heading names, when there is one.
    if (index === -1) index = find(headingOf(patch.content));
    if (index !== -1) {
      const existing = pieces[index]!;
      pieces[index] = { title: normalizeTitle(headingOf(patch.content)), text: patch.content + (trailing(existing.text) || '\n') };
      continue;
    }
    const after = find(patch.anchor);
    const at = after === -1 ? pieces.length : after + 1;
    const previous = at > 0 ? pieces[at - 1] : undefined;
    if (previous && !previous.text.endsWith('\n\n')) previous.text = previous.text.replace(/\n?$/, '\n\n');
    const isLast = at === pieces.length;
    pieces.splice(at, 0, { title: normalizeTitle(headingOf(patch.content)), text: patch.content + (isLast ? '\n' : '\n\n') });
  }
  const joined = preamble + pieces.map((p) => p.text).join('');
  return memory.endsWith('\n') ? joined.replace(/\n*$/, '\n') : joined.replace(/\n+$/, '');
}
