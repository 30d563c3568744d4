import type { Hunk } from '../../../../src-shared/contract';

export { applyHunks } from '../../../../src-shared/hunks';

const lines = (text: string) => text.split('\n');

export interface HunkContext {
  /** Up to `size` base lines just before the change. */
  before: string[];
  /** Up to `size` base lines just after it. */
  after: string[];
  /** The heading of the section the change sits in (the nearest `#` line above it), if any. */
  section: string | null;
  /** 1-based line number in the base where the change starts. */
  line: number;
}

/** What a person needs around a change to read it: neighbouring lines and the section's name. */
export function hunkContext(base: string, hunk: Hunk, size = 2): HunkContext {
  const source = lines(base);
  const end = hunk.baseStart + hunk.removed.length;
  let section: string | null = null;
  for (let i = Math.min(hunk.baseStart, source.length) - 1; i >= 0; i--) {
    const m = /^#{1,6}\s+(.*)$/.exec(source[i]!);
    if (m) {
      section = m[1]!.trim();
      break;
    }
  }
  // A change that replaces its own heading names the heading it brings.
  section ??= hunk.added.map((l) => /^#{1,6}\s+(.*)$/.exec(l)?.[1]?.trim()).find(Boolean) ?? null;
  return {
    before: source.slice(Math.max(0, hunk.baseStart - size), hunk.baseStart),
    after: source.slice(end, end + size),
    section,
    line: hunk.baseStart + 1,
  };
}
