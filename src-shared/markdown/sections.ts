import type { Heading, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { toString } from 'mdast-util-to-string';

/**
 * Markdown structure of a memory file, found with a CommonMark parser (so a `## line` inside a
 * code fence or a quote is not a heading) and reported as offsets into the ORIGINAL text, so
 * slicing never changes a byte.
 */
export interface HeadingInfo {
  depth: number;
  /** The heading's plain text, e.g. "Hard constraints". */
  title: string;
  /** Offset of the heading's first character. */
  start: number;
  /** Offset just past the heading line (its line break included when present). */
  lineEnd: number;
}

export interface Section {
  depth: number;
  title: string;
  /** From the heading's first character up to the next heading of the same or higher level. */
  start: number;
  end: number;
  /** The heading line and the body, exactly as in the file. */
  text: string;
}

export interface SectionSplit {
  /** Everything before the first heading of the split depth (title, intro, version comment). */
  preamble: string;
  sections: Section[];
}

function lineEndAfter(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/** Top-level headings (not those inside lists or block quotes), in order. */
export function findHeadings(text: string): HeadingInfo[] {
  const tree: Root = fromMarkdown(text);
  const result: HeadingInfo[] = [];
  for (const node of tree.children) {
    if (node.type !== 'heading' || !node.position) continue;
    const heading = node as Heading;
    const start = node.position.start.offset ?? 0;
    const end = node.position.end.offset ?? start;
    result.push({ depth: heading.depth, title: toString(heading).trim(), start, lineEnd: lineEndAfter(text, end) });
  }
  return result;
}

/**
 * Splits at headings of `depth` (default `##`). A section runs until the next heading of the same
 * or a higher level, so `###` subsections stay inside their `##` section.
 */
export function splitSections(text: string, depth = 2): SectionSplit {
  const headings = findHeadings(text);
  const starts = headings.filter((h) => h.depth === depth);
  const sections: Section[] = starts.map((h) => {
    const next = headings.find((o) => o.start > h.start && o.depth <= depth);
    const end = next ? next.start : text.length;
    return { depth: h.depth, title: h.title, start: h.start, end, text: text.slice(h.start, end) };
  });
  const first = starts[0];
  return { preamble: first ? text.slice(0, first.start) : text, sections };
}

/** Case-insensitive, whitespace-normalized comparison of heading titles. */
export function normalizeTitle(title: string): string {
  return title.toLowerCase().replace(/\s+/g, ' ').trim();
}
