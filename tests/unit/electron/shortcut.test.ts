import { describe, expect, it } from 'vitest';
import { isWayland, registerQuickNoteShortcut, type GlobalShortcutPort } from '../../../src-main/electron/shortcut';

function port(taken: string[] = [], invalid: string[] = []) {
  const registered = new Set<string>();
  const api: GlobalShortcutPort = {
    register: (accelerator) => {
      if (invalid.includes(accelerator)) throw new TypeError('conversion failure');
      if (taken.includes(accelerator)) return false;
      registered.add(accelerator);
      return true;
    },
    unregister: (accelerator) => void registered.delete(accelerator),
  };
  return { api, registered };
}
const open = () => {};
const linux = { os: 'linux' as const, wayland: false };

describe('the quick-note shortcut', () => {
  it('registers the setting, replacing the previous one', () => {
    const p = port();
    expect(registerQuickNoteShortcut(p.api, 'CommandOrControl+Shift+M', '', open, linux)).toEqual({ accelerator: 'CommandOrControl+Shift+M', registered: true, problem: null });
    registerQuickNoteShortcut(p.api, 'Alt+Shift+N', 'CommandOrControl+Shift+M', open, linux);
    expect([...p.registered]).toEqual(['Alt+Shift+N']);
    expect(registerQuickNoteShortcut(p.api, '', 'Alt+Shift+N', open, linux)).toEqual({ accelerator: '', registered: false, problem: null });
    expect(p.registered.size).toBe(0);
  });

  it('says clearly when another app holds it, in the OS’s own notation, and that the tray still works', () => {
    const taken = registerQuickNoteShortcut(port(['CommandOrControl+Shift+M']).api, 'CommandOrControl+Shift+M', '', open, { os: 'darwin', wayland: false });
    expect(taken).toEqual({
      accelerator: 'CommandOrControl+Shift+M',
      registered: false,
      problem: '⇧⌘M is already used by another app, so it cannot open the quick note. Record another in Settings → Quick note. The tray menu’s Quick note… works meanwhile.',
    });
    const refused = registerQuickNoteShortcut(port(['Alt+N']).api, 'Alt+N', '', open, { os: 'linux', wayland: true });
    expect(refused.problem).toContain('runs memsync-desktop --quick-note');
    const odd = registerQuickNoteShortcut(port([], ['Super+F24']).api, 'Super+F24', '', open, linux);
    expect(odd.problem).toMatch(/^Super\+F24 is not a shortcut this system can register/);
  });

  it('knows a Wayland session', () => {
    expect(isWayland('linux', { XDG_SESSION_TYPE: 'wayland' })).toBe(true);
    expect(isWayland('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(true);
    expect(isWayland('linux', { XDG_SESSION_TYPE: 'x11' })).toBe(false);
    expect(isWayland('darwin', { WAYLAND_DISPLAY: 'x' })).toBe(false);
  });
});
