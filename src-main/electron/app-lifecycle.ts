import type Conf from 'conf';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import ElectronStore from 'electron-store';
import { hostname } from 'node:os';
import path from 'node:path';
import { APP_VERSION } from '../app-info';
import {
  createEngine,
  createLogger,
  logUnhandledRejections,
  openSecretStore,
  osFromPlatform,
  parseLogLevel,
  resolveAppPaths,
  type AppPaths,
  type Engine,
  type Logger,
  type Notifier,
} from '../engine';
import type { HostHooks } from '../engine/extra-handlers';
import { openSettingsStore } from '../engine/settings';
import { captureUrl, DEFAULT_HOST, startServer, type RunningServer } from '../server';
import { registerAppScheme, serveRendererOnAppScheme } from './app-protocol';
import { startAtLoginHook } from './autostart';
import { startDesktop, type Desktop } from './desktop';
import { createFileLogWriter } from './file-log';
import { registerApiIpc } from './ipc';
import { launchAction, secondInstanceAction } from './launch';
import type { UpdaterPort } from './updater';
import { isPermissionAllowed } from './window-security';
import { closeForQuit, guardWebContents } from './windows';

/** electron-builder's appId: Windows groups the app's notifications (toasts) under it. */
export const APP_ID = 'dev.memsync.desktop';

/** Where the bundles and icons are: `dist/main` holds this file once built. */
export interface AppLayout {
  preload: string;
  rendererDir: string;
  iconsDir: string;
  /** The window icon on Linux (macOS and Windows use the app bundle's). */
  windowIcon: string;
}

export function appLayout(appPath: string): AppLayout {
  return {
    preload: path.join(appPath, 'dist', 'main', 'preload.cjs'),
    rendererDir: path.join(appPath, 'dist', 'renderer'),
    iconsDir: path.join(appPath, 'dist', 'icons', 'tray'),
    windowIcon: path.join(appPath, 'dist', 'icons', 'app', 'png', '256x256.png'),
  };
}

/**
 * Opens the engine the tray app's way: the machine's secret store, settings through
 * electron-store (the same settings.json `memsync serve` uses), the tray's notifier and hooks.
 * Kept in one place so the hosts can share one opener (issue 11).
 */
async function openEngineForTray(options: { paths: AppPaths; logger: Logger; notifier: Notifier; hooks: HostHooks }): Promise<Engine> {
  const { paths, logger } = options;
  const secrets = await openSecretStore({ userDataDir: paths.userDataDir, platform: process.platform, env: process.env });
  return createEngine({
    host: 'electron',
    version: APP_VERSION,
    os: osFromPlatform(process.platform),
    machine: hostname(),
    paths,
    env: process.env,
    secrets,
    settings: openSettingsStore({ userDataDir: paths.userDataDir, projectVersion: APP_VERSION, logger, ConfClass: ElectronStore as unknown as typeof Conf }),
    logger,
    notifier: options.notifier,
    hooks: options.hooks,
  });
}

/** The capture endpoint and health check; another program on the port leaves the app working without them. */
async function startCaptureServer(engine: Engine, logger: Logger): Promise<RunningServer | undefined> {
  const capture = engine.settings.get().capture;
  const host = capture.lanHost ?? DEFAULT_HOST;
  try {
    const port = process.env.MEMSYNC_PORT === undefined ? capture.port : Number(process.env.MEMSYNC_PORT);
    const server = await startServer({ engine, host, port });
    engine.setCaptureEndpoint({ ...captureUrl(host, server.port), problem: null });
    return server;
  } catch (error) {
    logger.warn('capture server not started', { error });
    engine.setCaptureEndpoint({ url: null, lan: false, problem: (error as Error).message });
    return undefined;
  }
}

/** electron-updater reads app-update.yml on first use: loaded only when a packaged app updates. */
async function loadUpdater(): Promise<UpdaterPort> {
  const { default: updater } = await import('electron-updater');
  return updater.autoUpdater;
}

/**
 * The tray app: one instance per user; the engine in the main process; the UI over IPC; the HTTP
 * server for health and capture; the tray, the quick-note popup and its global shortcut.
 */
export function bootstrap(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit(); // the running instance gets 'second-instance' with our arguments
    return;
  }

  const paths = resolveAppPaths(osFromPlatform(process.platform), process.env, app.getPath('home'));
  // Both hosts (tray app and `memsync serve`) share one per-machine folder.
  app.setPath('userData', paths.userDataDir);
  registerAppScheme();
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID); // toasts show only for a named app
  // Wayland gives apps global shortcuts only through the desktop portal (electron/electron#45171).
  if (process.platform === 'linux') app.commandLine.appendSwitch('enable-features', 'GlobalShortcutsPortal');

  const logger = createLogger({
    level: parseLogLevel(process.env.MEMSYNC_LOG_LEVEL, 'info'),
    write: createFileLogWriter(path.join(paths.logsDir, 'memsync.log')),
  });
  const stopLoggingRejections = logUnhandledRejections(logger);
  const layout = appLayout(app.getAppPath());
  const launch = { platform: process.platform, execPath: process.execPath, appImage: process.env.APPIMAGE, defaultApp: Boolean(process.defaultApp), appPath: app.getAppPath() };
  const startAtLogin = startAtLoginHook(app, launch, paths.configHome);

  let quitting = false;
  let cleanedUp = false;
  let engine: Engine | undefined;
  let server: RunningServer | undefined;
  let desktop: Desktop | undefined;
  /** What arrived before the app was ready (a second launch during start). */
  let pending: 'quick-note' | 'window' | undefined;

  app.on('second-instance', (_event, argv) => {
    const action = secondInstanceAction(argv);
    if (!desktop) pending = action;
    else if (action === 'quick-note') desktop.showQuickNote();
    else desktop.openMainWindow();
  });
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
      if (!(await closeForQuit(desktop?.mainWindow()))) {
        quitting = false;
        return;
      }
      desktop?.stop();
      await server?.close().catch(() => {});
      // Waits for writes in flight (a note, a save, an approval) before the engine stops.
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

    engine = await openEngineForTray({
      paths,
      logger,
      notifier: {
        // A click opens the view the notification is about (the tray exists once the engine runs).
        notify: (title, body, view) => desktop?.notify(title, body, () => desktop?.openMainWindow(view)),
      },
      hooks: { startAtLogin },
    });
    await engine.start();
    registerApiIpc(ipcMain, engine, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
    server = await startCaptureServer(engine, logger);
    startAtLogin.refresh(); // a moved app still starts at login

    const updater = app.isPackaged
      ? await loadUpdater().catch((error: unknown) => void logger.warn('updater unavailable', { error }))
      : undefined;
    desktop = startDesktop({
      engine,
      preload: layout.preload,
      iconsDir: layout.iconsDir,
      ...(process.platform === 'linux' ? { windowIcon: layout.windowIcon } : {}),
      startAtLogin,
      isQuitting: () => quitting,
      updater: () => {
        if (!updater) throw new Error('the updater could not be loaded');
        return updater;
      },
    });
    exposeForEndToEndTests(desktop);

    const action =
      pending ??
      launchAction({
        argv: process.argv,
        wasOpenedAtLogin: process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin,
        env: process.env,
        firstRun: engine.status().memory.rootState === 'not-configured',
      });
    if (action === 'quick-note') desktop.showQuickNote();
    else if (action !== 'tray') desktop.openMainWindow(action === 'setup' ? 'home' : undefined);
  });
}

/**
 * The `_electron` specs read the tray menu and press its items, which no page can reach. Only a
 * development build (not packaged) run with MEMSYNC_E2E=1 exposes this.
 */
function exposeForEndToEndTests(desktop: Desktop): void {
  if (app.isPackaged || process.env.MEMSYNC_E2E !== '1') return;
  (globalThis as Record<string, unknown>).__memsyncE2E = {
    trayMenu: () => desktop.trayView(),
    quickNote: () => desktop.showQuickNote(),
  };
}
