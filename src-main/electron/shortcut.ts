import { acceleratorLabel, type AcceleratorOs } from '../../src-shared/accelerator';
import type { ShortcutStatus } from '../../src-shared/contract';
import { QUICK_NOTE_ARG } from './launch';

export interface GlobalShortcutPort {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

/** A Wayland session: apps get global shortcuts only through the desktop portal, if at all. */
export function isWayland(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): boolean {
  return platform === 'linux' && (env.XDG_SESSION_TYPE === 'wayland' || Boolean(env.WAYLAND_DISPLAY));
}

/**
 * Why the shortcut does not work, in words, with what to do instead. Wayland compositors often
 * refuse apps global shortcuts, or accept them and never deliver them (electron/electron#45607,
 * #51875), so there the way that always works is a desktop shortcut running `--quick-note`.
 */
export function shortcutProblem(accelerator: string, os: AcceleratorOs, wayland: boolean, invalid = false): string {
  const label = acceleratorLabel(accelerator, os);
  const meanwhile = 'The tray menu’s Quick note… works meanwhile.';
  if (invalid) return `${label} is not a shortcut this system can register. Record another in Settings → Quick note. ${meanwhile}`;
  if (wayland) {
    return `Your desktop (Wayland) did not give memsync ${label}. Add a keyboard shortcut in your desktop’s settings that runs memsync-desktop ${QUICK_NOTE_ARG}. ${meanwhile}`;
  }
  return `${label} is already used by another app, so it cannot open the quick note. Record another in Settings → Quick note. ${meanwhile}`;
}

/**
 * Registers the quick-note shortcut in place of `previous`; returns what happened for the status
 * (and Settings). '' turns the shortcut off. A failure never stops the app.
 */
export function registerQuickNoteShortcut(
  port: GlobalShortcutPort,
  accelerator: string,
  previous: string,
  open: () => void,
  context: { os: AcceleratorOs; wayland: boolean },
): ShortcutStatus {
  if (previous) port.unregister(previous);
  if (!accelerator) return { accelerator, registered: false, problem: null };
  let registered: boolean;
  try {
    registered = port.register(accelerator, open);
  } catch {
    return { accelerator, registered: false, problem: shortcutProblem(accelerator, context.os, context.wayland, true) };
  }
  return { accelerator, registered, problem: registered ? null : shortcutProblem(accelerator, context.os, context.wayland) };
}
