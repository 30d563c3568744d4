import { diff3Merge } from 'node-diff3';
import { composeAdopt } from '../../../src-shared/adopt';
import type { AdoptPart, AdoptPreview, AdoptResolution, ForeignEdit, MemoryDoc } from '../../../src-shared/contract/memory';
import { ApiError } from '../../../src-shared/contract/errors';

const lines = (text: string) => text.split('\n');

/**
 * The agent's change merged into the memory as it is now, three ways: base is what memsync had
 * last written to that file, theirs the agent's version, ours the memory. Lines added to the memory
 * since memsync wrote the file are kept; where both changed the same lines, the part is a
 * conflict with both sides. An edit without a base (a file memsync never wrote, or one saved by an
 * older build) has nothing to merge from: the memory and the file are one conflict.
 */
export function previewAdopt(edit: ForeignEdit, memory: MemoryDoc): AdoptPreview {
  const base = edit.base ?? null;
  const regions = diff3Merge(lines(memory.content), base === null ? [] : lines(base), lines(edit.content), { excludeFalseConflicts: true });
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
