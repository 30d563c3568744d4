import { app, BrowserWindow, ipcMain, Notification, session, type Tray } from 'electron';
import { hostname } from 'node:os';
import path from 'node:path';
import { APP_VERSION } from '../app-info';
import type Conf from 'conf';
import ElectronStore from 'electron-store';
import { createEngine, createLogger, openSecretStore, osFromPlatform, parseLogLevel, resolveAppPaths, type Engine } from '../engine';
import { openSettingsStore } from '../engine/settings';
import { captureUrl, DEFAULT_HOST, startServer, type RunningServer } from '../server';
import { createFileLogWriter } from './file-log';
import { registerAppScheme, serveRendererOnAppScheme } from './app-protocol';
import { registerApiIpc } from './ipc';
import { createTray } from './tray';
import { isPermissionAllowed } from './window-security';
import { createMainWindow, guardWebContents, showWindow } from './windows';

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
 * server for health (and, later, capture) routes only.
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
  const layout = appLayout(app.getAppPath(), process.platform);

  let quitting = false;
  let cleanedUp = false;
  let engine: Engine | undefined;
  let server: RunningServer | undefined;
  let mainWindow: BrowserWindow | undefined;
  let tray: Tray | undefined;

  const openMainWindow = () => {
    if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createMainWindow(layout.preload, () => quitting);
    showWindow(mainWindow);
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
      await server?.close().catch(() => {});
      await engine?.stop().catch(() => {});
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
        notify: (title, body) => {
          if (Notification.isSupported()) new Notification({ title, body }).show();
        },
      },
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

    tray = createTray(layout.trayIcon, { open: openMainWindow, quit: () => app.quit() });
    if (process.argv.includes('--open') || process.env.MEMSYNC_OPEN_WINDOW === '1') openMainWindow();
  });

  // Keep a reference so the tray icon is not garbage-collected.
  app.on('quit', () => tray?.destroy());
}
