import { describe, expect, it } from 'vitest';
import { acceleratorFromKeyPress, acceleratorLabel, DEFAULT_QUICK_NOTE_SHORTCUT, parseAccelerator } from '../../../src-shared/accelerator';

const press = (code: string, mods: Partial<Record<'metaKey' | 'ctrlKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({
  key: '',
  code,
  metaKey: false,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('accelerators', () => {
  it('reads Electron accelerators, normalizing aliases and case', () => {
    expect(parseAccelerator(DEFAULT_QUICK_NOTE_SHORTCUT)).toMatchObject({ ok: true, text: 'CommandOrControl+Shift+M' });
    expect(parseAccelerator('cmdorctrl+alt+n')).toMatchObject({ ok: true, text: 'CommandOrControl+Alt+N' });
    expect(parseAccelerator('Ctrl+Option+F5')).toMatchObject({ ok: true, text: 'Control+Alt+F5' });
    expect(parseAccelerator('Control++')).toMatchObject({ ok: true, text: 'Control+Plus' });
    expect(parseAccelerator('F13')).toMatchObject({ ok: true, text: 'F13' });
  });

  it('refuses what cannot be a global shortcut, saying why', () => {
    expect(parseAccelerator('M')).toMatchObject({ ok: false, error: expect.stringContaining('needs Command, Control, Alt or Super') });
    expect(parseAccelerator('Shift+M')).toMatchObject({ ok: false });
    expect(parseAccelerator('Hyper+M')).toMatchObject({ ok: false, error: expect.stringContaining('"Hyper" is not a modifier') });
    expect(parseAccelerator('Ctrl+Ctrl+M')).toMatchObject({ ok: false, error: 'Control appears twice' });
    expect(parseAccelerator('Ctrl+Shift+')).toMatchObject({ ok: false, error: 'the shortcut has no key' });
    expect(parseAccelerator('Ctrl+Banana')).toMatchObject({ ok: false, error: '"Banana" is not a key Electron knows' });
  });

  it('shows a shortcut the way each OS writes it', () => {
    expect(acceleratorLabel(DEFAULT_QUICK_NOTE_SHORTCUT, 'darwin')).toBe('⇧⌘M');
    expect(acceleratorLabel(DEFAULT_QUICK_NOTE_SHORTCUT, 'win32')).toBe('Ctrl+Shift+M');
    expect(acceleratorLabel(DEFAULT_QUICK_NOTE_SHORTCUT, 'linux')).toBe('Ctrl+Shift+M');
    expect(acceleratorLabel('Alt+Control+Super+Space', 'darwin')).toBe('⌃⌥⌘Space');
    expect(acceleratorLabel('Super+Alt+N', 'win32')).toBe('Alt+Win+N');
    expect(acceleratorLabel('Super+Alt+N', 'linux')).toBe('Alt+Super+N');
  });

  it('turns a key press in the recorder into an accelerator, by key position', () => {
    expect(acceleratorFromKeyPress(press('KeyM', { metaKey: true, shiftKey: true }), 'darwin')).toBe(DEFAULT_QUICK_NOTE_SHORTCUT);
    expect(acceleratorFromKeyPress(press('KeyM', { ctrlKey: true, shiftKey: true }), 'linux')).toBe(DEFAULT_QUICK_NOTE_SHORTCUT);
    expect(acceleratorFromKeyPress(press('Digit1', { ctrlKey: true, altKey: true }), 'win32')).toBe('CommandOrControl+Alt+1');
    expect(acceleratorFromKeyPress(press('KeyN', { ctrlKey: true, metaKey: true }), 'darwin')).toBe('CommandOrControl+Control+N');
    expect(acceleratorFromKeyPress(press('KeyN', { metaKey: true, altKey: true }), 'linux')).toBe('Alt+Super+N');
    // Only modifiers held so far: nothing yet.
    expect(acceleratorFromKeyPress(press('ShiftLeft', { shiftKey: true }), 'linux')).toBeNull();
    for (const os of ['darwin', 'win32', 'linux'] as const) {
      const recorded = acceleratorFromKeyPress(press('Space', { ctrlKey: true, metaKey: true, altKey: true }), os)!;
      expect(parseAccelerator(recorded).ok).toBe(true);
    }
  });
});
