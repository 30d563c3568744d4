import { diff3Merge } from 'node-diff3';
import { composeAdopt } from '../../../src-shared/adopt';
import type { AdoptPart, AdoptPreview, AdoptResolution, ForeignEdit, MemoryDoc } from '../../../src-shared/contract/memory';
import { ApiError } from '../../../src-shared/contract/errors';

const lines = (text: string) => text.split('\n');

type Region = { ok?: string[]; conflict?: { a: string[]; o: string[]; b: string[] } };

/**
 * diff3's work grows with the pairs of equal lines between the versions (blank lines, repeated
 * bullets): 5,000 lines with every other one blank took 16 s. Past this many pairs the changed
 * middle is one conflict the person resolves, so an agent's huge file cannot freeze the engine.
 */
const MAX_EQUAL_LINE_PAIRS = 100_000;

function equalLinePairs(x: readonly string[], y: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const line of x) counts.set(line, (counts.get(line) ?? 0) + 1);
  let pairs = 0;
  for (const line of y) pairs += counts.get(line) ?? 0;
  return pairs;
}

const same = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((l, i) => l === y[i]);

/** diff3Merge of memory (a), base (o) and the agent's file (b), with a bound on its cost. */
function mergeRegions(a: string[], o: string[], b: string[]): Region[] {
  // Lines all three share at both ends need no merging.
  let head = 0;
  while (head < a.length && head < o.length && head < b.length && a[head] === o[head] && o[head] === b[head]) head++;
  let tail = 0;
  const room = Math.min(a.length, o.length, b.length) - head;
  while (tail < room && a[a.length - 1 - tail] === o[o.length - 1 - tail] && o[o.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const [ma, mo, mb] = [a, o, b].map((x) => x.slice(head, x.length - tail)) as [string[], string[], string[]];
  let middle: Region[];
  if (same(ma, mb) || same(mo, mb)) middle = [{ ok: ma }];
  else if (same(mo, ma)) middle = [{ ok: mb }];
  else if (equalLinePairs(mo, ma) + equalLinePairs(mo, mb) > MAX_EQUAL_LINE_PAIRS) middle = [{ conflict: { a: ma, o: mo, b: mb } }];
  else middle = diff3Merge(ma, mo, mb, { excludeFalseConflicts: true });
  return [{ ok: a.slice(0, head) }, ...middle, { ok: a.slice(a.length - tail) }].filter((r) => !r.ok || r.ok.length > 0);
}

/**
 * The agent's change merged into the memory as it is now, three ways: base is what memsync had
 * last written to that file, theirs the agent's version, ours the memory. Lines added to the memory
 * since memsync wrote the file are kept; where both changed the same lines, the part is a
 * conflict with both sides. An edit without a base (a file memsync never wrote, or one saved by an
 * older build) has nothing to merge from: the memory and the file are one conflict.
 */
export function previewAdopt(edit: ForeignEdit, memory: MemoryDoc): AdoptPreview {
  const base = edit.base ?? null;
  const regions = mergeRegions(lines(memory.content), base === null ? [] : lines(base), lines(edit.content));
  const parts: AdoptPart[] = [];
  let conflicts = 0;
  for (const region of regions) {
    if (region.ok) {
      const last = parts.at(-1);
      if (last && !last.conflict) last.lines.push(...region.ok);
      else parts.push({ lines: [...region.ok] });
    } else if (region.conflict) {
      conflicts += 1;
      const { a, b, o } = region.conflict;
      parts.push({ lines: [], conflict: { id: conflicts, memory: a, agent: b, base: o } });
    }
  }
  return {
    editId: edit.id,
    memory,
    merged: conflicts === 0 ? (composeAdopt(parts) ?? null) : null,
    parts,
    conflicts,
    hasBase: base !== null,
  };
}

/**
 * The text adopting writes: the person's own text when given, else the merge with every conflict
 * resolved as chosen. A conflict left without a choice is refused, never decided silently.
 */
export function adoptedText(preview: AdoptPreview, content: string | undefined, resolutions: AdoptResolution[] | undefined): string {
  if (content !== undefined) return content;
  if (preview.merged !== null) return preview.merged;
  const text = composeAdopt(preview.parts, resolutions ?? []);
  if (text === undefined) {
    const open = preview.parts.filter((p) => p.conflict && !resolutions?.some((r) => r.id === p.conflict!.id)).length;
    throw new ApiError(
      'conflict',
      `The agent's file and your memory changed the same lines in ${open} place(s). Choose for each: keep your memory's lines, the agent's, or both.`,
      { conflicts: preview.conflicts },
    );
  }
  return text;
}
