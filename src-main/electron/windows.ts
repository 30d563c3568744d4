import { BrowserWindow, dialog, shell, type WebContents } from 'electron';
import { PRODUCT_NAME } from '../app-info';
import type { Rect } from './popup-position';
import { MAIN_WINDOW_MIN, type SavedWindow } from './window-bounds';
import { appUrl, isAppUrl, isSafeExternalUrl, secureWebPreferences } from './window-security';

/**
 * Navigation guards for every web contents (registered once, from app's `web-contents-created`,
 * so nothing escapes them and no window gets them twice): no navigation away from the UI, no new
 * windows (https links go to the system browser), no webviews.
 */
export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** Called when the person chose to keep unsaved edits (the unload was cancelled), per window. */
const keptEdits = new WeakMap<BrowserWindow, () => void>();

/**
 * The window refuses to unload while the memory has unsaved edits (its beforeunload handler).
 * Electron would then cancel a reload or quit without a word; ask instead, as browsers do.
 */
function askBeforeLosingEdits(window: BrowserWindow): void {
  window.webContents.on('will-prevent-unload', (event) => {
    const question = {
      type: 'warning' as const,
      buttons: ['Discard changes', 'Keep editing'],
      defaultId: 1,
      cancelId: 1,
      title: PRODUCT_NAME,
      message: 'Discard your unsaved changes to the memory?',
      detail: 'They are not in GLOBAL_MEMORY.md yet. Keep editing to save them first.',
    };
    // A window hidden in the tray (quitting from the tray) cannot carry a sheet: ask on its own.
    const choice = window.isVisible() ? dialog.showMessageBoxSync(window, question) : dialog.showMessageBoxSync(question);
    if (choice === 0) event.preventDefault(); // leave anyway: the unload goes ahead
    else keptEdits.get(window)?.();
  });
}

/**
 * Closes the main window before the app quits, so unsaved edits can ask first. False when the
 * person kept them (the quit is called off); true once the window is gone (or was never there).
 */
export function closeForQuit(window: BrowserWindow | undefined): Promise<boolean> {
  if (!window || window.isDestroyed()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const closed = () => {
      keptEdits.delete(window);
      resolve(true);
    };
    keptEdits.set(window, () => {
      keptEdits.delete(window);
      window.off('closed', closed);
      resolve(false);
    });
    window.once('closed', closed);
    window.close();
  });
}

export interface MainWindowPlace {
  bounds: Rect;
  maximized: boolean;
  /** Where the window is now, to reopen there next time (after a move or resize settles, and on close). */
  save(saved: SavedWindow): void;
  /** The Linux window icon (macOS and Windows take the app's). */
  icon?: string;
}

/** The main window: created hidden (the app lives in the tray) and hidden again on close. */
export function createMainWindow(preload: string, isQuitting: () => boolean, place: MainWindowPlace): BrowserWindow {
  const window = new BrowserWindow({
    title: PRODUCT_NAME,
    ...place.bounds,
    minWidth: MAIN_WINDOW_MIN.width,
    minHeight: MAIN_WINDOW_MIN.height,
    show: false,
    autoHideMenuBar: true,
    ...(place.icon ? { icon: place.icon } : {}),
    webPreferences: secureWebPreferences(preload),
  });
  if (place.maximized) window.maximize();
  askBeforeLosingEdits(window);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    clearTimeout(timer);
    if (!window.isDestroyed()) place.save({ bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  };
  // Moves and resizes arrive many times a second while dragging: saved once they settle.
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  for (const event of ['resize', 'move'] as const) window.on(event as 'resize', later);
  window.on('close', (event) => {
    save();
    if (isQuitting()) return;
    event.preventDefault(); // closing the window keeps the app running in the tray
    window.hide();
  });
  void window.loadURL(appUrl('index.html'));
  return window;
}

/**
 * The quick-note popup: small, on top, out of the taskbar, created hidden at start and reused
 * (hidden, not destroyed, when closed or when it loses focus) so it appears at once.
 */
export function createQuickNoteWindow(preload: string, isQuitting: () => boolean): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Quick note',
    width: 420,
    height: 250,
    show: false,
    resizable: false,
    minimizable: false,
    maximizable: false,
    alwaysOnTop: true,
    skipTaskbar: true,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preload),
  });
  window.on('close', (event) => {
    if (isQuitting()) return;
    event.preventDefault();
    window.hide();
  });
  window.on('blur', () => window.hide());
  void window.loadURL(appUrl('quick-note.html'));
  return window;
}

export function showWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
