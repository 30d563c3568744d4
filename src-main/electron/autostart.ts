import { mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Start at login. macOS and Windows have an OS setting Electron reaches
 * (app.setLoginItemSettings); on Linux it is a .desktop file in ~/.config/autostart (the XDG
 * autostart spec), which setLoginItemSettings does not write (electron/electron#15198).
 */
export function linuxAutostartEntry(execPath: string): string {
  // Quote the path for the Exec key (spaces are common in AppImage paths).
  const exec = /[\s"'\\]/.test(execPath) ? `"${execPath.replace(/(["\\`$])/g, '\\$1')}"` : execPath;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=memsync',
    'Comment=One memory for every AI coding agent',
    `Exec=${exec} --hidden`,
    'Icon=memsync-desktop',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function linuxAutostartFile(configHome: string): string {
  return path.join(configHome, 'autostart', 'memsync-desktop.desktop');
}

export interface LoginItemApi {
  getLoginItemSettings(): { openAtLogin: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}

/** The engine's start-at-login hook for this OS. */
export function startAtLoginHook(platform: NodeJS.Platform, app: LoginItemApi, configHome: string, execPath: string) {
  if (platform === 'linux') {
    const file = linuxAutostartFile(configHome);
    return {
      get: () => existsSync(file),
      set: (enabled: boolean) => {
        if (!enabled) return rmSync(file, { force: true });
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, linuxAutostartEntry(process.env.APPIMAGE ?? execPath));
      },
    };
  }
  return {
    get: () => app.getLoginItemSettings().openAtLogin,
    set: (enabled: boolean) => app.setLoginItemSettings({ openAtLogin: enabled, args: ['--hidden'] }),
  };
}
