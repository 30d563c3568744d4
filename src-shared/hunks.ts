import { diffArrays } from 'diff';
import type { Hunk } from './contract/proposals';

/**
 * Shared by the engine (proposals, approval, rebase) and the window (the preview of chosen changes),
 * so what the preview shows is exactly what approving writes.
 *
 * A proposal's changes as hunks over lines, so the person can accept some and reject others, and
 * so a proposal can be moved onto a memory that changed meanwhile (a three-way merge of hunks).
 */

const lines = (text: string) => text.split('\n');

/**
 * The line diff's work grows with the square of the number of edits it explores (about 100 ms at
 * 1,000 here): past this many it stops and the changed region becomes one change. A real memory
 * stays far below (rewriting all of a 400-line memory is 800 edits); a 20,000-line paste cannot
 * freeze the engine or the window.
 */
export const MAX_DIFF_EDITS = 1000;

/** Lines of either side that the other side does not have at all (a lower bound on the edits). */
function unmatchedLines(a: readonly string[], b: readonly string[]): number {
  const inA = new Set(a);
  const inB = new Set(b);
  let n = 0;
  for (const line of a) if (!inB.has(line)) n++;
  for (const line of b) if (!inA.has(line)) n++;
  return n;
}

/** The hunks that turn `base` into `proposed`: each run of changed lines between unchanged ones. */
export function computeHunks(base: string, proposed: string): Hunk[] {
  const a = lines(base);
  const b = lines(proposed);
  // Unchanged lines at both ends cost nothing to find and need no diff.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  if (start === endA && start === endB) return [];
  const oldMiddle = a.slice(start, endA);
  const newMiddle = b.slice(start, endB);
  // Every line only one side has is an edit: when those alone pass the bound, the diff need not run.
  const parts = (unmatchedLines(oldMiddle, newMiddle) <= MAX_DIFF_EDITS && diffArrays(oldMiddle, newMiddle, { maxEditLength: MAX_DIFF_EDITS })) || [
    { value: oldMiddle, count: oldMiddle.length, added: false, removed: true },
    { value: newMiddle, count: newMiddle.length, added: true, removed: false },
  ];
  const hunks: Hunk[] = [];
  let index = start;
  let current: Hunk | undefined;
  for (const part of parts) {
    if (!part.added && !part.removed) {
      if (current) hunks.push(current);
      current = undefined;
      index += part.count ?? part.value.length;
      continue;
    }
    current ??= { id: hunks.length + 1, baseStart: index, removed: [], added: [] };
    if (part.removed) {
      current.removed.push(...part.value);
      index += part.value.length;
    } else current.added.push(...part.value);
  }
  if (current) hunks.push(current);
  return hunks;
}

/** `base` with only the `accepted` hunks applied (all of them when `accepted` is undefined). */
export function applyHunks(base: string, hunks: readonly Hunk[], accepted?: ReadonlySet<number>): string {
  const source = lines(base);
  const out: string[] = [];
  let at = 0;
  for (const hunk of [...hunks].sort((a, b) => a.baseStart - b.baseStart)) {
    out.push(...source.slice(at, hunk.baseStart));
    const take = !accepted || accepted.has(hunk.id);
    out.push(...(take ? hunk.added : hunk.removed));
    at = hunk.baseStart + hunk.removed.length;
  }
  out.push(...source.slice(at));
  return out.join('\n');
}

export type RebaseResult = { clean: true; content: string } | { clean: false; conflicting: number[] };

/**
 * Moves hunks made against `base` onto `current` (the memory changed meanwhile). A hunk moves when
 * the lines it touches are unchanged in `current`; a hunk touching (or inserting right next to)
 * lines that `current` changed is a conflict, and nothing is applied.
 */
export function rebaseHunks(base: string, current: string, hunks: readonly Hunk[], accepted?: ReadonlySet<number>): RebaseResult {
  const theirs = computeHunks(base, current);
  const conflicting: number[] = [];
  const moved: Hunk[] = [];
  for (const hunk of hunks) {
    if (accepted && !accepted.has(hunk.id)) continue;
    const start = hunk.baseStart;
    const end = hunk.baseStart + hunk.removed.length;
    let shift = 0;
    let clash = false;
    for (const t of theirs) {
      const tStart = t.baseStart;
      const tEnd = t.baseStart + t.removed.length;
      // Overlapping ranges, or two changes at the same spot (touching ends), cannot both be kept safely.
      if (tStart <= end && start <= tEnd) {
        clash = true;
        break;
      }
      if (tEnd <= start) shift += t.added.length - t.removed.length;
    }
    if (clash) conflicting.push(hunk.id);
    else moved.push({ ...hunk, baseStart: start + shift });
  }
  if (conflicting.length) return { clean: false, conflicting };
  return { clean: true, content: applyHunks(current, moved) };
}
