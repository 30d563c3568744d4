import Conf from 'conf';
import { app, globalShortcut, Notification, powerMonitor, screen, type BrowserWindow } from 'electron';
import type { AcceleratorOs } from '../../src-shared/accelerator';
import type { DesktopStatus } from '../../src-shared/contract';
import { APP_VERSION, PRODUCT_NAME } from '../app-info';
import type { Engine } from '../engine';
import type { StartAtLogin } from './autostart';
import { viewRoute } from './launch';
import { popupAnchor, popupPosition } from './popup-position';
import { isWayland, registerQuickNoteShortcut } from './shortcut';
import { createTray, type AppTray, type TrayView } from './tray';
import { trayInfo, trayMenuModel, type TrayActions } from './tray-state';
import { UpdateController, type UpdaterPort } from './updater';
import { parseSavedWindow, restoreWindowBounds } from './window-bounds';
import { appUrl } from './window-security';
import { createMainWindow, createQuickNoteWindow, showWindow } from './windows';

export interface DesktopParts {
  engine: Engine;
  preload: string;
  iconsDir: string;
  windowIcon?: string;
  startAtLogin: StartAtLogin;
  isQuitting: () => boolean;
  /** electron-updater's autoUpdater (loaded only in a packaged app with updates on). */
  updater: () => UpdaterPort;
}

export interface Desktop {
  openMainWindow(view?: 'home' | 'approvals'): void;
  showQuickNote(): void;
  /** Shows a notification; a click runs `onClick`. */
  notify(title: string, body: string, onClick?: () => void): void;
  mainWindow(): BrowserWindow | undefined;
  /** The tray's menu labels (tests, the `_electron` specs). */
  trayView(): TrayView;
  trayActions: TrayActions;
  stop(): void;
}

/**
 * What the tray app adds around the engine: the windows, the tray, the quick-note shortcut,
 * notifications, updates and the power events. Every decision is in a pure module beside this one.
 */
export function startDesktop(parts: DesktopParts): Desktop {
  const { engine } = parts;
  const os = engine.status().os as AcceleratorOs;
  // Window placement is the shell's own, never synced: window-state.json beside the settings.
  const windowState = new Conf<Record<string, unknown>>({
    cwd: engine.paths.userDataDir,
    configName: 'window-state',
    projectName: 'memsync-desktop',
    projectVersion: APP_VERSION,
    clearInvalidConfig: true, // only a window position: a damaged file is not worth keeping
  });
  let mainWindow: BrowserWindow | undefined;
  const offs: Array<() => void> = [];

  const openMainWindow = (view?: 'home' | 'approvals') => {
    if (!mainWindow || mainWindow.isDestroyed()) {
      const saved = parseSavedWindow(windowState.get('main'));
      const bounds = restoreWindowBounds(saved, screen.getAllDisplays(), screen.getPrimaryDisplay());
      mainWindow = createMainWindow(parts.preload, parts.isQuitting, {
        bounds,
        maximized: saved?.maximized ?? false,
        save: (next) => windowState.set('main', next),
        ...(parts.windowIcon ? { icon: parts.windowIcon } : {}),
      });
    }
    if (view) void mainWindow.loadURL(`${appUrl('index.html')}${viewRoute(view)}`);
    showWindow(mainWindow);
  };

  // Made now, hidden, so the shortcut shows it at once.
  let quickNote = createQuickNoteWindow(parts.preload, parts.isQuitting);
  const showQuickNote = () => {
    if (quickNote.isDestroyed()) quickNote = createQuickNoteWindow(parts.preload, parts.isQuitting);
    const [width = 420, height = 250] = quickNote.getSize();
    const anchor = popupAnchor(process.platform, tray.bounds(), screen.getCursorScreenPoint());
    const display = screen.getDisplayNearestPoint(anchor.point);
    const { x, y } = popupPosition(anchor.tray, { width, height }, display.workArea, process.platform);
    quickNote.setPosition(x, y);
    showWindow(quickNote);
  };
  const toggleQuickNote = () => (quickNote.isVisible() ? quickNote.hide() : showQuickNote());

  const notify = (title: string, body: string, onClick?: () => void) => {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title, body });
    if (onClick) notification.on('click', onClick);
    notification.show();
  };

  // The quick-note shortcut: a setting; another app may hold it, and the tray works without it.
  const wayland = isWayland(process.platform, process.env);
  let shortcut = registerQuickNoteShortcut(globalShortcut, engine.settings.get().shortcuts.quickNote, '', toggleQuickNote, { os, wayland });
  const updates = new UpdateController({
    updater: parts.updater,
    packaged: app.isPackaged,
    version: APP_VERSION,
    settings: () => engine.settings.get().updates,
    onStatus: () => report(),
    notifyReady: (version, restart) => notify(`${PRODUCT_NAME} ${version} is ready`, 'It installs when you quit memsync. Click to restart now.', restart),
    logger: engine.logger.child('updates'),
  });
  const report = () => {
    const desktop: DesktopStatus = { shortcut, updates: updates.status() };
    engine.setDesktopStatus(desktop);
  };

  const trayView = (): TrayView => {
    const status = engine.status();
    const menu = trayMenuModel(status, shortcut.registered ? shortcut.accelerator : '', { supported: true, enabled: parts.startAtLogin.get().enabled });
    return { ...trayInfo(status), menu };
  };
  const trayActions: TrayActions = {
    quickNote: showQuickNote,
    open: openMainWindow,
    mergeNow: () => {
      engine.api.runRefresh({}).catch((error: Error) => notify(`${PRODUCT_NAME} could not merge your notes`, error.message, () => openMainWindow('approvals')));
    },
    syncNow: () => {
      engine.api.syncTargets(undefined).catch((error: Error) => notify(`${PRODUCT_NAME} could not write agents’ files`, error.message, () => openMainWindow()));
    },
    setPaused: (paused) => void engine.api.setWatching({ paused }).catch((error: Error) => engine.logger.warn('pausing failed', { error })),
    setStartAtLogin: (enabled) => {
      parts.startAtLogin.set(enabled);
      tray.show(trayView());
    },
    quit: () => app.quit(),
  };
  const tray: AppTray = createTray(parts.iconsDir, trayView(), trayActions);
  // Rebuilt on what the engine announces (the status covers counts, pause, errors), never polled.
  offs.push(engine.onEvent((event) => (event.type === 'status' || event.type === 'proposal') && tray.show(trayView())));

  offs.push(
    engine.settings.onChange((settings) => {
      if (settings.shortcuts.quickNote !== shortcut.accelerator) {
        shortcut = registerQuickNoteShortcut(globalShortcut, settings.shortcuts.quickNote, shortcut.registered ? shortcut.accelerator : '', toggleQuickNote, { os, wayland });
        report();
        tray.show(trayView());
      }
      updates.apply();
    }),
  );
  updates.apply();
  report();

  // Sleep and screen locks can hide file events (a cloud client syncing meanwhile): look again.
  for (const event of ['resume', 'unlock-screen'] as const) {
    const listener = () => void engine.catchUp(event).catch((error: unknown) => engine.logger.warn('catch-up failed', { error }));
    powerMonitor.on(event as 'resume', listener);
    offs.push(() => powerMonitor.off(event as 'resume', listener));
  }

  return {
    openMainWindow,
    showQuickNote,
    notify,
    mainWindow: () => mainWindow,
    trayView,
    trayActions,
    stop: () => {
      for (const off of offs.splice(0)) off();
      updates.stop();
      globalShortcut.unregisterAll();
      tray.destroy();
    },
  };
}
