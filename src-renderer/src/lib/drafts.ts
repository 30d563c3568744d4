/** The part of the Web Storage API a draft needs (session storage in the window). */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface Draft {
  /** The text kept, or '' when there is none. */
  load(): string;
  /** Keeps `text` (an empty text forgets the draft). */
  save(text: string): void;
}

/** This tab's session storage, or undefined where a browser refuses it (some privacy modes throw). */
function sessionStore(): DraftStorage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

/**
 * Text typed into a note field but not saved yet, kept in the tab's session storage: it survives
 * switching views and reloading the page, and goes when the tab or window closes. Storage that
 * is missing or full loses the draft's safety net, never the text on screen.
 */
export function sessionDraft(key: string, storage: DraftStorage | undefined = sessionStore()): Draft {
  return {
    load() {
      try {
        return storage?.getItem(key) ?? '';
      } catch {
        return '';
      }
    },
    save(text) {
      try {
        if (text.trim() === '') storage?.removeItem(key);
        else storage?.setItem(key, text);
      } catch {
        // Quota exceeded or storage disabled: the field still holds the text.
      }
    },
  };
}
