import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Start at login. macOS and Windows have an OS setting Electron reaches
 * (app.setLoginItemSettings); on Linux it is a .desktop file in ~/.config/autostart (the XDG
 * autostart spec), which setLoginItemSettings does not write (electron/electron#15198). What the
 * toggle shows is always read back from the OS, never remembered.
 */

/** Started at login: stay in the tray, open no window. */
export const HIDDEN_ARG = '--hidden';

export interface LaunchInfo {
  platform: NodeJS.Platform;
  execPath: string;
  /** `process.env.APPIMAGE`: the AppImage file. execPath is inside its mount, gone after exit. */
  appImage?: string | undefined;
  /** `process.defaultApp`: a development run (`electron .`), whose app folder is an argument. */
  defaultApp: boolean;
  appPath: string;
}

/** The command that starts this app at login. */
export function launchCommand(info: LaunchInfo): { path: string; args: string[] } {
  const exe = info.platform === 'linux' && info.appImage ? info.appImage : info.execPath;
  return { path: exe, args: info.defaultApp ? [info.appPath, HIDDEN_ARG] : [HIDDEN_ARG] };
}

/**
 * One argument of a desktop entry's Exec key: quoted when it has reserved characters, `"`,
 * `` ` ``, `$` and `\` escaped inside the quotes, then the string escape applied on top (so a
 * backslash is written four times), and `%` doubled (field codes).
 */
export function desktopExecArg(arg: string): string {
  const percent = arg.replaceAll('%', '%%');
  if (!/[\s"'\\><~|&;$*?#()`]/.test(percent)) return percent;
  return `"${percent.replace(/(["`$\\])/g, '\\$1').replaceAll('\\', '\\\\')}"`;
}

export function linuxAutostartEntry(command: { path: string; args: string[] }): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=memsync',
    'Comment=One memory for every AI coding agent',
    `Exec=${[command.path, ...command.args].map(desktopExecArg).join(' ')}`,
    'Icon=memsync-desktop',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function linuxAutostartFile(configHome: string): string {
  return path.join(configHome, 'autostart', 'memsync-desktop.desktop');
}

/** What a desktop's startup settings did to an entry: GNOME writes `X-GNOME-Autostart-enabled=false`, the spec `Hidden=true`. */
export function linuxEntryEnabled(text: string): boolean {
  const value = (key: string) => new RegExp(`^${key}\\s*=\\s*(\\S+)\\s*$`, 'mi').exec(text)?.[1]?.toLowerCase();
  return value('Hidden') !== 'true' && value('X-GNOME-Autostart-enabled') !== 'false';
}

type MacStatus = 'not-registered' | 'enabled' | 'requires-approval' | 'not-found';

export interface LoginItemApi {
  getLoginItemSettings(options?: { path?: string; args?: string[] }): {
    openAtLogin: boolean;
    status?: MacStatus;
    executableWillLaunchAtLogin?: boolean;
    /** Windows: the Run-key entries under this app's name, wherever they point. */
    launchItems?: Array<{ path: string; enabled: boolean }>;
  };
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void;
}

export interface StartAtLogin {
  get(): { enabled: boolean; detail: string | null };
  set(enabled: boolean): void;
  /** At each launch: an entry that is on is rewritten for where the app is now (it may have moved). */
  refresh(): void;
}

/** The engine's start-at-login hook for this OS. */
export function startAtLoginHook(app: LoginItemApi, info: LaunchInfo, configHome: string): StartAtLogin {
  const command = launchCommand(info);
  if (info.platform === 'linux') {
    const file = linuxAutostartFile(configHome);
    const read = () => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
    const write = () => {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, linuxAutostartEntry(command));
    };
    return {
      get: () => {
        const text = read();
        if (text === undefined) return { enabled: false, detail: null };
        if (!linuxEntryEnabled(text)) return { enabled: false, detail: 'Turned off in your desktop’s startup applications; turning it on here turns it on there too.' };
        return { enabled: true, detail: null };
      },
      set: (enabled) => (enabled ? write() : rmSync(file, { force: true })),
      refresh: () => {
        const text = read();
        if (text !== undefined && linuxEntryEnabled(text) && text !== linuxAutostartEntry(command)) write();
      },
    };
  }
  if (info.platform === 'win32') {
    // The Run key holds the executable and its arguments; Task Manager can switch it off apart.
    const query = { path: command.path, args: command.args };
    return {
      get: () => {
        const s = app.getLoginItemSettings(query);
        if (s.openAtLogin && s.executableWillLaunchAtLogin === false) {
          return { enabled: false, detail: 'Turned off in Task Manager → Startup apps; turn it on there.' };
        }
        return { enabled: s.openAtLogin, detail: null };
      },
      set: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled, ...query }),
      // Registered for another path (the app moved, or an update changed it): register this one.
      refresh: () => {
        const s = app.getLoginItemSettings(query);
        if (!s.openAtLogin && s.launchItems?.some((item) => item.enabled && item.path !== command.path)) {
          app.setLoginItemSettings({ openAtLogin: true, ...query });
        }
      },
    };
  }
  // macOS 13+: the app itself is the login item (SMAppService), wherever it is moved.
  return {
    get: () => {
      const s = app.getLoginItemSettings();
      if (s.status === 'requires-approval') {
        return { enabled: false, detail: 'Waiting for your approval in System Settings → General → Login Items.' };
      }
      return { enabled: s.openAtLogin || s.status === 'enabled', detail: null };
    },
    set: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled }),
    refresh: () => {},
  };
}

/** Started by the OS at login (in the tray, no window): our argument, or macOS's own flag. */
export function startedAtLogin(argv: readonly string[], wasOpenedAtLogin: boolean): boolean {
  return argv.includes(HIDDEN_ARG) || wasOpenedAtLogin;
}
