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

/** The hunks that turn `base` into `proposed`: each run of changed lines between unchanged ones. */
export function computeHunks(base: string, proposed: string): Hunk[] {
  const hunks: Hunk[] = [];
  let index = 0;
  let current: Hunk | undefined;
  for (const part of diffArrays(lines(base), lines(proposed))) {
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
