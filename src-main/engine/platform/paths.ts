import path from 'node:path';
import type { Os } from '../../../src-shared/contract';

/** The folder name of this app's per-machine data (settings, logs, secrets, cursors). */
export const APP_DIR_NAME = 'memsync-desktop';

export interface AppPaths {
  homeDir: string;
  /** The OS's per-user config location: XDG_CONFIG_HOME (~/.config), APPDATA, or Application Support. */
  configHome: string;
  /** Per-machine app data; never inside the sync folder. */
  userDataDir: string;
  logsDir: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

export function osFromPlatform(platform: string): Os {
  if (platform === 'darwin' || platform === 'win32') return platform;
  return 'linux'; // other Unixes follow the XDG layout
}

/** The path flavour of an OS, so paths for every OS can be computed (and tested) on any OS. */
export function pathFor(os: Os): path.PlatformPath {
  return os === 'win32' ? path.win32 : path.posix;
}

/**
 * Home directory from the environment first (HOME on Unix, USERPROFILE on Windows), so a temporary
 * HOME isolates a run completely; `fallbackHome` (os.homedir()) only when the variable is unset.
 */
export function resolveHomeDir(os: Os, env: Env, fallbackHome: string): string {
  const fromEnv = os === 'win32' ? (env.USERPROFILE ?? env.HOME) : env.HOME;
  return fromEnv && fromEnv.trim() !== '' ? fromEnv : fallbackHome;
}

/** The OS's per-user config location, honouring XDG_CONFIG_HOME and APPDATA like the predecessor. */
export function resolveConfigHome(os: Os, env: Env, homeDir: string): string {
  const p = pathFor(os);
  if (os === 'win32') {
    const appData = env.APPDATA;
    return appData && p.isAbsolute(appData) ? appData : p.join(homeDir, 'AppData', 'Roaming');
  }
  if (os === 'darwin') return p.join(homeDir, 'Library', 'Application Support');
  const xdg = env.XDG_CONFIG_HOME;
  // The XDG spec says relative values are invalid and must be ignored.
  return xdg && p.isAbsolute(xdg) ? xdg : p.join(homeDir, '.config');
}

/** Every per-machine path the app uses, derived from home and the OS config location only. */
export function resolveAppPaths(os: Os, env: Env, fallbackHome: string): AppPaths {
  const p = pathFor(os);
  const homeDir = resolveHomeDir(os, env, fallbackHome);
  const configHome = resolveConfigHome(os, env, homeDir);
  const userDataDir = p.join(configHome, APP_DIR_NAME);
  return { homeDir, configHome, userDataDir, logsDir: p.join(userDataDir, 'logs') };
}
