import { afterEach, describe, expect, it } from 'vitest';
import { hasUnsavedEdits, keepDraft, setEditing, takeDraft } from '../../../../../src-renderer/src/views/memory/draft';

afterEach(() => {
  takeDraft();
  setEditing(false);
});

describe('the memory draft', () => {
  it('is handed back once, after a visit to another view', () => {
    keepDraft({ base: 'a', text: 'a and b', expectedHash: 'h1' });
    expect(takeDraft()).toEqual({ base: 'a', text: 'a and b', expectedHash: 'h1' });
    expect(takeDraft()).toBeNull();
  });

  it('counts as unsaved while edited on screen or kept, until the text equals where it started', () => {
    expect(hasUnsavedEdits()).toBe(false);
    setEditing(true);
    expect(hasUnsavedEdits()).toBe(true);
    setEditing(false);
    keepDraft({ base: 'a', text: 'a and b', expectedHash: 'h1' });
    expect(hasUnsavedEdits()).toBe(true);
    keepDraft({ base: 'a', text: 'a', expectedHash: 'h1' });
    expect(hasUnsavedEdits()).toBe(false);
  });
});
