/**
 * Unsaved edits survive switching to another view and back (the view is unmounted meanwhile).
 * Kept in memory only, for this window: a reload or restart starts from the file again.
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

export function keepDraft(draft: Draft | null): void {
  kept = draft;
}

/** The kept draft, once (it is forgotten when taken). */
export function takeDraft(): Draft | null {
  const draft = kept;
  kept = null;
  return draft;
}
