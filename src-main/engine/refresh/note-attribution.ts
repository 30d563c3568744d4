import { CARRIED, share, words } from '../../../src-shared/attribution';
import type { Hunk } from '../../../src-shared/contract/proposals';

/**
 * Which notes a partly approved proposal merged. The model's answer does not say which note
 * produced which change, so the rule is conservative: when every change was applied, every note
 * counts as merged; otherwise a note counts only when an applied change clearly carries it (at
 * least half of its words, more than any rejected change). Every other note stays waiting, and
 * the next refresh looks at it again against the updated memory, where what was applied is already
 * in place. A note wrongly kept waiting costs one more look; a note wrongly marked merged is lost.
 */

export interface NoteText {
  id: string;
  text: string;
}

/** The proposal's hunks whose added lines all made it into `content` (the person's edited text). */
export function hunksKeptIn(hunks: readonly Hunk[], content: string): Set<number> {
  const lines = new Set(content.split('\n'));
  return new Set(hunks.filter((h) => h.added.every((l) => l.trim() === '' || lines.has(l))).map((h) => h.id));
}

/** The ids of the notes the applied hunks merged, by the rule above. */
export function mergedNotes(noteIds: readonly string[], notes: readonly NoteText[], hunks: readonly Hunk[], applied: ReadonlySet<number>): string[] {
  if (hunks.every((h) => applied.has(h.id))) return [...noteIds];
  const kept = hunks.filter((h) => applied.has(h.id)).map((h) => words(h.added.join('\n')));
  const dropped = hunks.filter((h) => !applied.has(h.id)).map((h) => words(h.added.join('\n')));
  const byId = new Map(notes.map((n) => [n.id, words(n.text)]));
  return noteIds.filter((id) => {
    const note = byId.get(id);
    if (!note) return false; // its text has not reached this machine: keep it waiting
    const best = Math.max(0, ...kept.map((h) => share(note, h)));
    const rival = Math.max(0, ...dropped.map((h) => share(note, h)));
    return best >= CARRIED && best > rival;
  });
}
