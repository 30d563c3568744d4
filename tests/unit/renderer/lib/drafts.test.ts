import { describe, expect, it } from 'vitest';
import { sessionDraft, type DraftStorage } from '../../../../src-renderer/src/lib/drafts';

/** Web Storage's contract on a Map (there is no sessionStorage in Node). */
function memoryStorage(): DraftStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, String(value)),
    removeItem: (key) => void map.delete(key),
  };
}

describe('sessionDraft', () => {
  it('keeps the text under its key and gives it back (a reload, another view and back)', () => {
    const storage = memoryStorage();
    sessionDraft('memsync.draft.note', storage).save('Prefers pnpm\nin new repos');
    expect(sessionDraft('memsync.draft.note', storage).load()).toBe('Prefers pnpm\nin new repos');
    expect(sessionDraft('memsync.draft.quick-note', storage).load()).toBe('');
  });

  it('forgets the draft when the field is emptied (the note was saved)', () => {
    const storage = memoryStorage();
    const draft = sessionDraft('k', storage);
    draft.save('something');
    draft.save('   ');
    expect(storage.map.has('k')).toBe(false);
    expect(draft.load()).toBe('');
  });

  it('never throws when storage is missing, refused or full', () => {
    const refusing: DraftStorage = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    for (const draft of [sessionDraft('k', refusing), sessionDraft('k', undefined)]) {
      expect(() => draft.save('text')).not.toThrow();
      expect(() => draft.save('')).not.toThrow();
      expect(draft.load()).toBe('');
    }
  });
});
