/** Keyboard shortcuts that match the OS: ⌘ on macOS, Ctrl elsewhere. */
export const isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** How the mod key is written for people on this OS. */
export const MOD = isMac ? '⌘' : 'Ctrl';

/** A label like "⌘S" or "Ctrl+S". */
export function shortcutLabel(key: string, shift = false): string {
  const name = key.length === 1 ? key.toUpperCase() : key; // "S", but "Enter"
  const parts = isMac ? [shift ? '⇧' : '', MOD, name] : [MOD, shift ? 'Shift' : '', name];
  return isMac ? parts.join('') : parts.filter(Boolean).join('+');
}

/** True for ⌘/Ctrl + key (and Shift when asked), not for other modifier combinations. */
export function isShortcut(event: KeyboardEvent, key: string, shift = false): boolean {
  const mod = isMac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  return mod && !event.altKey && event.shiftKey === shift && event.key.toLowerCase() === key.toLowerCase();
}
