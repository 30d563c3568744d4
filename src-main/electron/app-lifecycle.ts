import type Conf from 'conf';
import { app, BrowserWindow, globalShortcut, ipcMain, Notification, screen, session, type Tray } from 'electron';
import ElectronStore from 'electron-store';
import { hostname } from 'node:os';
import path from 'node:path';
import { APP_VERSION } from '../app-info';
import { createEngine, createLogger, logUnhandledRejections, openSecretStore, osFromPlatform, parseLogLevel, resolveAppPaths, type Engine } from '../engine';
import { openSettingsStore } from '../engine/settings';
import { captureUrl, DEFAULT_HOST, startServer, type RunningServer } from '../server';
import { registerAppScheme, serveRendererOnAppScheme } from './app-protocol';
import { startAtLoginHook } from './autostart';
import { createFileLogWriter } from './file-log';
import { registerApiIpc } from './ipc';
import { popupPosition } from './popup-position';
import { createTray, QUICK_NOTE_SHORTCUT } from './tray';
import { appUrl, isPermissionAllowed } from './window-security';
import { closeForQuit, createMainWindow, createQuickNoteWindow, guardWebContents, showWindow } from './windows';

/** Where the bundles and assets are: `dist/main` holds this file once built. */
export interface AppLayout {
  preload: string;
  rendererDir: string;
  trayIcon: string;
}

export function appLayout(appPath: string, platform: NodeJS.Platform): AppLayout {
  return {
    preload: path.join(appPath, 'dist', 'main', 'preload.cjs'),
    rendererDir: path.join(appPath, 'dist', 'renderer'),
    trayIcon: path.join(appPath, 'assets', platform === 'darwin' ? 'trayTemplate.png' : 'tray.png'),
  };
}

/**
 * The tray app: one instance per user; the engine in the main process; the UI over IPC; the HTTP
 * server for health and capture; a quick-note popup on a global shortcut.
 */
export function bootstrap(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit(); // the running instance gets 'second-instance' and shows its window
    return;
  }

  const os = osFromPlatform(process.platform);
  const paths = resolveAppPaths(os, process.env, app.getPath('home'));
  // Both hosts (tray app and `memsync serve`) share one per-machine folder.
  app.setPath('userData', paths.userDataDir);
  registerAppScheme();

  const logger = createLogger({
    level: parseLogLevel(process.env.MEMSYNC_LOG_LEVEL, 'info'),
    write: createFileLogWriter(path.join(paths.logsDir, 'memsync.log')),
  });
  const stopLoggingRejections = logUnhandledRejections(logger);
  const layout = appLayout(app.getAppPath(), process.platform);

  let quitting = false;
  let cleanedUp = false;
  let engine: Engine | undefined;
  let server: RunningServer | undefined;
  let mainWindow: BrowserWindow | undefined;
  let quickNote: BrowserWindow | undefined;
  let tray: Tray | undefined;

  const openMainWindow = (view?: 'home' | 'approvals') => {
    if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createMainWindow(layout.preload, () => quitting);
    if (view) void mainWindow.loadURL(`${appUrl('index.html')}#/${view}`);
    showWindow(mainWindow);
  };
  const toggleQuickNote = () => {
    if (!quickNote || quickNote.isDestroyed()) quickNote = createQuickNoteWindow(layout.preload, () => quitting);
    if (quickNote.isVisible()) return quickNote.hide();
    const [width = 420, height = 250] = quickNote.getSize();
    const bounds = tray?.getBounds();
    const display = screen.getDisplayNearestPoint(bounds ? { x: bounds.x, y: bounds.y } : screen.getCursorScreenPoint());
    quickNote.setPosition(...Object.values(popupPosition(bounds, { width, height }, display.workArea, process.platform)) as [number, number]);
    showWindow(quickNote);
  };

  app.on('second-instance', () => openMainWindow());
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  // Stay alive in the tray when every window is closed.
  app.on('window-all-closed', () => {});
  app.on('before-quit', (event) => {
    quitting = true;
    if (cleanedUp) return;
    event.preventDefault();
    void (async () => {
      // The window goes first: unsaved memory edits ask, and keeping them calls the quit off
      // while the engine still runs.
      if (!(await closeForQuit(mainWindow))) {
        quitting = false;
        return;
      }
      globalShortcut.unregisterAll();
      await server?.close().catch(() => {});
      await engine?.stop().catch(() => {});
      stopLoggingRejections();
      cleanedUp = true;
      app.quit();
    })();
  });

  void app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((contents, permission, callback) =>
      callback(isPermissionAllowed(permission, contents.getURL())),
    );
    serveRendererOnAppScheme(layout.rendererDir);
    if (process.platform === 'darwin') app.dock?.hide(); // a menu-bar app, not a dock app

    // The same store `memsync serve` and the CLI open: the OS keychain, or the private file.
    const secrets = await openSecretStore({ userDataDir: paths.userDataDir, platform: process.platform, env: process.env });
    engine = createEngine({
      host: 'electron',
      version: APP_VERSION,
      os,
      machine: hostname(),
      paths,
      env: process.env,
      secrets,
      // electron-store extends conf: the same settings.json as `memsync serve`, opened the Electron way.
      settings: openSettingsStore({ userDataDir: paths.userDataDir, projectVersion: APP_VERSION, logger, ConfClass: ElectronStore as unknown as typeof Conf }),
      logger,
      notifier: {
        notify: (title, body, view) => {
          if (!Notification.isSupported()) return;
          const notification = new Notification({ title, body });
          notification.on('click', () => openMainWindow(view));
          notification.show();
        },
      },
      hooks: { startAtLogin: startAtLoginHook(process.platform, app, paths.configHome, process.execPath) },
    });
    await engine.start();
    registerApiIpc(ipcMain, engine, () => BrowserWindow.getAllWindows().map((w) => w.webContents));

    const capture = engine.settings.get().capture;
    const host = capture.lanHost ?? DEFAULT_HOST;
    try {
      const port = process.env.MEMSYNC_PORT === undefined ? capture.port : Number(process.env.MEMSYNC_PORT);
      server = await startServer({ engine, host, port });
      engine.setCaptureEndpoint({ ...captureUrl(host, server.port), problem: null });
    } catch (error) {
      // Another memsync (or another program) holds the port: the app still works, capture does not.
      logger.warn('capture server not started', { error });
      engine.setCaptureEndpoint({ url: null, lan: false, problem: (error as Error).message });
    }

    tray = createTray(layout.trayIcon, { open: () => openMainWindow(), quickNote: toggleQuickNote, quit: () => app.quit() });
    // Another app may own the shortcut; the tray menu still offers the quick note.
    if (!globalShortcut.register(QUICK_NOTE_SHORTCUT, toggleQuickNote)) logger.warn('quick-note shortcut is taken', { shortcut: QUICK_NOTE_SHORTCUT });
    const hidden = process.argv.includes('--hidden');
    if (!hidden && (process.argv.includes('--open') || process.env.MEMSYNC_OPEN_WINDOW === '1')) openMainWindow();
  });

  // Keep a reference so the tray icon is not garbage-collected.
  app.on('quit', () => tray?.destroy());
}
