/**
 * Unsaved edits survive switching to another view and back (the view is unmounted meanwhile).
 * Kept in memory only, for this window: a reload or restart starts from the file again, so the
 * window asks before either while there are unsaved edits (`hasUnsavedEdits`).
 */
export interface Draft {
  /** The text the edits started from. */
  base: string;
  /** The person's text. */
  text: string;
  /** The memory's hash when `base` was loaded. */
  expectedHash: string | null;
}

let kept: Draft | null = null;
/** The editor on screen has unsaved edits (set by the Memory view while it is shown). */
let editing = false;

export function keepDraft(draft: Draft | null): void {
  kept = draft;
}

/** The kept draft, once (it is forgotten when taken). */
export function takeDraft(): Draft | null {
  const draft = kept;
  kept = null;
  return draft;
}

export function setEditing(dirty: boolean): void {
  editing = dirty;
}

/** True while edits of the memory exist that no save has written: on screen, or kept from a visit. */
export function hasUnsavedEdits(): boolean {
  return editing || (kept !== null && kept.text !== kept.base);
}
