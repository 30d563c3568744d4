// Global shortcuts in Electron's accelerator syntax ("CommandOrControl+Shift+M"): checked where the
// setting enters the engine, written by the Settings recorder from a key press, and shown to people
// the way their OS writes them (⌘⇧M on macOS, Ctrl+Shift+M elsewhere). Pure, for both sides.

export type AcceleratorOs = 'darwin' | 'win32' | 'linux';

/** The quick note's shortcut unless the person records another. */
export const DEFAULT_QUICK_NOTE_SHORTCUT = 'CommandOrControl+Shift+M';

const MODIFIERS: Record<string, string> = {
  command: 'Command',
  cmd: 'Command',
  control: 'Control',
  ctrl: 'Control',
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  alt: 'Alt',
  option: 'Alt',
  altgr: 'AltGr',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super',
};

const NAMED_KEYS = [
  'Plus', 'Space', 'Tab', 'Backspace', 'Delete', 'Insert', 'Return', 'Enter', 'Up', 'Down', 'Left', 'Right',
  'Home', 'End', 'PageUp', 'PageDown', 'Escape', 'Esc', 'PrintScreen',
  'num0', 'num1', 'num2', 'num3', 'num4', 'num5', 'num6', 'num7', 'num8', 'num9', 'numdec', 'numadd', 'numsub', 'nummult', 'numdiv',
];
const PUNCTUATION = ')!@#$%^&*(:;+=<,_->.?/~`{][|\\}"\'';

function normalKey(key: string): string | undefined {
  if (/^[a-z0-9]$/i.test(key)) return key.toUpperCase();
  if (/^F([1-9]|1\d|2[0-4])$/i.test(key)) return key.toUpperCase();
  if (key.length === 1 && PUNCTUATION.includes(key)) return key;
  return NAMED_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
}

export type ParsedAccelerator = { ok: true; modifiers: string[]; key: string; text: string } | { ok: false; error: string };

/**
 * Reads an accelerator. A global shortcut needs a modifier other than Shift (a bare letter would
 * be taken from every app), except the function keys.
 */
export function parseAccelerator(text: string): ParsedAccelerator {
  const parts = text.trim().split('+');
  // "Control++" names the plus key: the empty part after the last separator.
  if (text.trim().endsWith('++')) parts.splice(-2, 2, 'Plus');
  const rawKey = parts.pop() ?? '';
  const modifiers: string[] = [];
  for (const part of parts) {
    const modifier = MODIFIERS[part.trim().toLowerCase()];
    if (!modifier) return { ok: false, error: `"${part.trim() || '+'}" is not a modifier (Command, Control, CommandOrControl, Alt, Shift, Super)` };
    if (modifiers.includes(modifier)) return { ok: false, error: `${modifier} appears twice` };
    modifiers.push(modifier);
  }
  const key = normalKey(rawKey.trim());
  if (!key) return { ok: false, error: rawKey.trim() ? `"${rawKey.trim()}" is not a key Electron knows` : 'the shortcut has no key' };
  if (!/^F\d+$/.test(key) && !modifiers.some((m) => m !== 'Shift')) {
    return { ok: false, error: 'a global shortcut needs Command, Control, Alt or Super (a plain key would be taken from every app)' };
  }
  return { ok: true, modifiers, key, text: [...modifiers, key].join('+') };
}

const MAC_SYMBOLS: Record<string, string> = { Command: '⌘', CommandOrControl: '⌘', Control: '⌃', Alt: '⌥', AltGr: '⌥', Shift: '⇧', Super: '⌘' };
const MAC_ORDER = ['Control', 'Alt', 'AltGr', 'Shift', 'Command', 'CommandOrControl', 'Super'];
const OTHER_NAMES: Record<string, string> = { Command: 'Super', CommandOrControl: 'Ctrl', Control: 'Ctrl', Alt: 'Alt', AltGr: 'AltGr', Shift: 'Shift', Super: 'Super' };

/** The shortcut as people on `os` read it: "⌘⇧M" on macOS, "Ctrl+Shift+M" on Windows and Linux. */
export function acceleratorLabel(accelerator: string, os: AcceleratorOs): string {
  const parsed = parseAccelerator(accelerator);
  if (!parsed.ok) return accelerator;
  const key = parsed.key === 'Plus' ? '+' : parsed.key;
  if (os === 'darwin') {
    const sorted = [...parsed.modifiers].sort((a, b) => MAC_ORDER.indexOf(a) - MAC_ORDER.indexOf(b));
    return `${sorted.map((m) => MAC_SYMBOLS[m]).join('')}${key}`;
  }
  const order = ['Control', 'CommandOrControl', 'Alt', 'AltGr', 'Shift', 'Super', 'Command'];
  const sorted = [...parsed.modifiers].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return [...sorted.map((m) => (os === 'win32' && (m === 'Super' || m === 'Command') ? 'Win' : OTHER_NAMES[m])), key].join('+');
}

/** What the recorder needs of a KeyboardEvent. */
export interface KeyPress {
  key: string;
  code: string;
  metaKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** The key of a press by its position (`code`), so Shift or a layout never changes which key it is. */
function keyOfPress(press: KeyPress): string | undefined {
  const letter = /^Key([A-Z])$/.exec(press.code);
  if (letter) return letter[1];
  const digit = /^(?:Digit|Numpad)(\d)$/.exec(press.code);
  if (digit) return press.code.startsWith('Numpad') ? `num${digit[1]}` : digit[1];
  if (/^F\d+$/.test(press.code)) return press.code;
  const named: Record<string, string> = {
    Space: 'Space', Tab: 'Tab', Backspace: 'Backspace', Delete: 'Delete', Insert: 'Insert', Enter: 'Enter',
    ArrowUp: 'Up', ArrowDown: 'Down', ArrowLeft: 'Left', ArrowRight: 'Right', Home: 'Home', End: 'End',
    PageUp: 'PageUp', PageDown: 'PageDown', Minus: '-', Equal: '=', Comma: ',', Period: '.', Slash: '/',
    Semicolon: ';', Quote: "'", BracketLeft: '[', BracketRight: ']', Backslash: '\\', Backquote: '`',
  };
  return named[press.code];
}

/**
 * The accelerator a key press in the Settings recorder stands for, or null while only modifiers
 * are held (or for a key Electron cannot register). ⌘ on macOS and Ctrl elsewhere become
 * CommandOrControl, so the default's form is kept when the person presses the same keys.
 */
export function acceleratorFromKeyPress(press: KeyPress, os: AcceleratorOs): string | null {
  const key = keyOfPress(press);
  if (!key) return null;
  const mac = os === 'darwin';
  const modifiers: string[] = [];
  if (mac ? press.metaKey : press.ctrlKey) modifiers.push('CommandOrControl');
  if (mac && press.ctrlKey) modifiers.push('Control');
  if (press.altKey) modifiers.push('Alt');
  if (press.shiftKey) modifiers.push('Shift');
  if (!mac && press.metaKey) modifiers.push('Super');
  return [...modifiers, key].join('+');
}
