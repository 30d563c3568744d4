import type { UpdateSettings, UpdateStatus } from '../../src-shared/contract';
import type { Logger } from '../engine';

/** What this module uses of electron-updater's AppUpdater (faked in tests, at this boundary). */
export interface UpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowPrerelease: boolean;
  allowDowngrade: boolean;
  channel: string | null;
  on(event: 'checking-for-update' | 'update-not-available', listener: () => void): unknown;
  on(event: 'update-available' | 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(): void;
}

export interface UpdateControllerOptions {
  /** electron-updater's autoUpdater, asked for only when updates are on (it reads app-update.yml). */
  updater: () => UpdaterPort;
  /** app.isPackaged: a development build never updates itself. */
  packaged: boolean;
  version: string;
  settings: () => UpdateSettings;
  onStatus: (status: UpdateStatus) => void;
  /** A notification whose click restarts into the update. */
  notifyReady: (version: string, restart: () => void) => void;
  logger: Logger;
  now?: () => Date;
  /** Repeats `check` (every 6 hours); returns the cancel. */
  every?: (ms: number, check: () => void) => () => void;
}

export const CHECK_EVERY_MS = 6 * 60 * 60 * 1000;

const realEvery = (ms: number, check: () => void) => {
  const timer = setInterval(check, ms);
  timer.unref();
  return () => clearInterval(timer);
};

/** The one line of an updater error a person can use (electron-updater's carry whole HTTP bodies). */
function shortError(error: Error): string {
  const first = (error.message || String(error)).split('\n')[0]!.trim();
  return first.length > 160 ? `${first.slice(0, 159)}…` : first;
}

/**
 * Updates from GitHub Releases through electron-updater: checked at start and every 6 hours,
 * downloaded in the background, installed when the app quits (or at once from the "ready"
 * notification). Off in development builds and when the person turns it off; `beta` also
 * takes pre-releases. Every state reaches the engine's status, so Settings shows it.
 */
export class UpdateController {
  readonly #o: UpdateControllerOptions;
  #port: UpdaterPort | undefined;
  #cancel: (() => void) | undefined;
  #status: UpdateStatus;
  #lastPercent = -1;

  constructor(options: UpdateControllerOptions) {
    this.#o = options;
    this.#status = this.#off();
  }

  status(): UpdateStatus {
    return this.#status;
  }

  /** Applies the settings (at start, and whenever they change). */
  apply(): void {
    const wanted = this.#o.packaged && this.#o.settings().enabled;
    if (!wanted) {
      this.#cancel?.();
      this.#cancel = undefined;
      if (this.#port) this.#port.autoInstallOnAppQuit = false; // a downloaded update waits until updates are on again
      this.#set(this.#off());
      return;
    }
    const port = this.#connect();
    const beta = this.#o.settings().channel === 'beta';
    const changed = port.allowPrerelease !== beta || !this.#cancel;
    port.autoDownload = true;
    port.autoInstallOnAppQuit = true;
    port.allowDowngrade = false;
    port.allowPrerelease = beta;
    port.channel = beta ? 'beta' : 'latest';
    if (!this.#cancel) this.#cancel = (this.#o.every ?? realEvery)(CHECK_EVERY_MS, () => void this.check());
    if (changed && this.#status.state !== 'ready') void this.check();
  }

  /** Looks for an update now; failures become the status, never an exception. */
  async check(): Promise<void> {
    const port = this.#port;
    if (!port || !this.#cancel) return;
    try {
      await port.checkForUpdates();
    } catch (error) {
      this.#failed(error as Error);
    }
  }

  /** Quits and installs the downloaded update (the notification's click, Settings' button). */
  installNow(): void {
    if (this.#status.state === 'ready') this.#port?.quitAndInstall();
  }

  stop(): void {
    this.#cancel?.();
    this.#cancel = undefined;
  }

  #off(): UpdateStatus {
    const message = this.#o.packaged ? 'Updates are turned off.' : 'A development build does not update itself.';
    return { state: 'off', version: null, message, checkedAt: null };
  }

  #connect(): UpdaterPort {
    if (this.#port) return this.#port;
    const port = this.#o.updater();
    const now = () => (this.#o.now ?? (() => new Date()))().toISOString();
    port.on('checking-for-update', () => this.#status.state !== 'ready' && this.#set({ ...this.#status, state: 'checking', message: 'Looking for an update…' }));
    port.on('update-not-available', () => this.#set({ state: 'idle', version: null, message: `memsync ${this.#o.version} is the latest version.`, checkedAt: now() }));
    port.on('update-available', (info) => {
      this.#lastPercent = -1;
      this.#set({ state: 'downloading', version: info.version, message: `Downloading memsync ${info.version}…`, checkedAt: now() });
    });
    port.on('download-progress', (progress) => {
      // Whole percents only: a status event per chunk would flood the window.
      const percent = Math.floor(progress.percent);
      if (percent === this.#lastPercent || this.#status.state !== 'downloading') return;
      this.#lastPercent = percent;
      this.#set({ ...this.#status, message: `Downloading memsync ${this.#status.version} (${percent} %)…` });
    });
    port.on('update-downloaded', (info) => {
      this.#set({ state: 'ready', version: info.version, message: `memsync ${info.version} is ready: it installs when you quit memsync.`, checkedAt: now() });
      this.#o.notifyReady(info.version, () => this.installNow());
    });
    port.on('error', (error) => this.#failed(error));
    this.#port = port;
    return port;
  }

  #failed(error: Error): void {
    this.#o.logger.warn('update check failed', { error });
    if (this.#status.state === 'ready') return; // the downloaded update still installs
    this.#set({ ...this.#status, state: 'error', message: `Could not check for updates: ${shortError(error)}. memsync tries again later.` });
  }

  #set(status: UpdateStatus): void {
    if (JSON.stringify(status) === JSON.stringify(this.#status)) return;
    this.#status = status;
    this.#o.onStatus(status);
  }
}
