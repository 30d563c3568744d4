import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  desktopExecArg,
  launchCommand,
  linuxAutostartEntry,
  linuxAutostartFile,
  linuxEntryEnabled,
  startAtLoginHook,
  startedAtLogin,
  type LoginItemApi,
} from '../../../src-main/electron/autostart';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

let home: TempHome;
beforeEach(async () => {
  home = await makeTempHome();
});
afterEach(() => home.cleanup());

const packaged = { execPath: '/opt/memsync/memsync-desktop', defaultApp: false, appPath: '/opt/memsync/resources/app.asar' };
const unusedApi: LoginItemApi = { getLoginItemSettings: () => ({ openAtLogin: false }), setLoginItemSettings: () => {} };

/** A recording login-items API, with what Windows and macOS would answer. */
function loginItems(answer: Partial<ReturnType<LoginItemApi['getLoginItemSettings']>> = {}) {
  const calls: Array<{ get?: unknown; set?: unknown }> = [];
  const api: LoginItemApi = {
    getLoginItemSettings: (options) => (calls.push({ get: options ?? null }), { openAtLogin: false, ...answer }),
    setLoginItemSettings: (settings) => void calls.push({ set: settings }),
  };
  return { api, calls };
}

describe('what starts at login', () => {
  it('is the packaged app, the AppImage file itself (not its mount), or electron with the app folder in development', () => {
    expect(launchCommand({ platform: 'win32', ...packaged, execPath: 'C:\\Users\\a\\AppData\\Local\\Programs\\memsync\\memsync.exe' })).toEqual({
      path: 'C:\\Users\\a\\AppData\\Local\\Programs\\memsync\\memsync.exe',
      args: ['--hidden'],
    });
    expect(launchCommand({ platform: 'linux', ...packaged, execPath: '/tmp/.mount_memsyXYZ/memsync-desktop', appImage: '/home/a/Apps/memsync.AppImage' })).toEqual({
      path: '/home/a/Apps/memsync.AppImage',
      args: ['--hidden'],
    });
    expect(launchCommand({ platform: 'linux', execPath: '/repo/node_modules/electron/dist/electron', defaultApp: true, appPath: '/repo' })).toEqual({
      path: '/repo/node_modules/electron/dist/electron',
      args: ['/repo', '--hidden'],
    });
  });

  it('writes Exec arguments by the desktop entry rules (quotes, escapes, %)', () => {
    expect(desktopExecArg('/opt/memsync/memsync')).toBe('/opt/memsync/memsync');
    expect(desktopExecArg('/home/a/My Apps/memsync 1.0.AppImage')).toBe('"/home/a/My Apps/memsync 1.0.AppImage"');
    expect(desktopExecArg('/home/a/$HOME/"x"')).toBe('"/home/a/\\\\$HOME/\\\\"x\\\\""');
    expect(desktopExecArg('/home/a/100%')).toBe('/home/a/100%%');
    expect(linuxAutostartEntry({ path: '/home/a/Apps/memsync 1.0.AppImage', args: ['--hidden'] })).toContain('Exec="/home/a/Apps/memsync 1.0.AppImage" --hidden\n');
  });

  it('knows when it was started at login', () => {
    expect(startedAtLogin(['/opt/memsync', '--hidden'], false)).toBe(true);
    expect(startedAtLogin(['/Applications/memsync.app/Contents/MacOS/memsync'], true)).toBe(true);
    expect(startedAtLogin(['/opt/memsync'], false)).toBe(false);
  });
});

describe('start at login on Linux', () => {
  it('writes an XDG autostart entry for the AppImage, removes it, and reads what the desktop did to it', async () => {
    const config = path.join(home.home, '.config');
    const file = linuxAutostartFile(config);
    const hook = startAtLoginHook(unusedApi, { platform: 'linux', ...packaged, appImage: '/home/a/Apps/memsync.AppImage' }, config);
    expect(hook.get()).toEqual({ enabled: false, detail: null });
    hook.set(true);
    expect(hook.get()).toEqual({ enabled: true, detail: null });
    expect(await readFile(file, 'utf8')).toBe(
      '[Desktop Entry]\nType=Application\nName=memsync\nComment=One memory for every AI coding agent\nExec=/home/a/Apps/memsync.AppImage --hidden\nIcon=memsync-desktop\nTerminal=false\nX-GNOME-Autostart-enabled=true\n',
    );
    // GNOME's startup applications switch it off in the file itself: shown as off, with why.
    await writeFile(file, (await readFile(file, 'utf8')).replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'));
    expect(hook.get()).toMatchObject({ enabled: false, detail: expect.stringContaining('startup applications') });
    hook.set(false);
    expect(hook.get()).toEqual({ enabled: false, detail: null });
  });

  it('rewrites an entry that is on for where the app is now (it moved); leaves one that is off alone', async () => {
    const config = path.join(home.home, '.config');
    const file = linuxAutostartFile(config);
    startAtLoginHook(unusedApi, { platform: 'linux', ...packaged, appImage: '/home/a/Downloads/memsync.AppImage' }, config).set(true);
    const moved = startAtLoginHook(unusedApi, { platform: 'linux', ...packaged, appImage: '/home/a/Apps/memsync.AppImage' }, config);
    moved.refresh();
    expect(await readFile(file, 'utf8')).toContain('Exec=/home/a/Apps/memsync.AppImage --hidden\n');
    const off = (await readFile(file, 'utf8')).replace('Exec=/home/a/Apps', 'Exec=/old').concat('Hidden=true\n');
    await writeFile(file, off);
    moved.refresh();
    expect(await readFile(file, 'utf8')).toBe(off);
    expect(linuxEntryEnabled('[Desktop Entry]\nHidden = true\n')).toBe(false);
  });
});

describe('start at login on Windows and macOS', () => {
  it('Windows: registers the executable with --hidden, and reads Task Manager’s switch', () => {
    const win = { platform: 'win32' as const, ...packaged, execPath: 'C:\\memsync\\memsync.exe' };
    const { api, calls } = loginItems();
    const hook = startAtLoginHook(api, win, '/unused');
    hook.set(true);
    expect(calls).toEqual([{ set: { openAtLogin: true, path: 'C:\\memsync\\memsync.exe', args: ['--hidden'] } }]);
    expect(hook.get()).toEqual({ enabled: false, detail: null });
    expect(calls.at(-1)).toEqual({ get: { path: 'C:\\memsync\\memsync.exe', args: ['--hidden'] } });
    const disabled = startAtLoginHook(loginItems({ openAtLogin: true, executableWillLaunchAtLogin: false }).api, win, '/unused');
    expect(disabled.get()).toMatchObject({ enabled: false, detail: expect.stringContaining('Task Manager') });
    expect(startAtLoginHook(loginItems({ openAtLogin: true, executableWillLaunchAtLogin: true }).api, win, '/unused').get()).toEqual({ enabled: true, detail: null });
  });

  it('Windows: a Run entry left for an old path is registered again for this one', () => {
    const win = { platform: 'win32' as const, ...packaged, execPath: 'C:\\new\\memsync.exe' };
    const moved = loginItems({ openAtLogin: false, launchItems: [{ path: 'C:\\old\\memsync.exe', enabled: true }] });
    startAtLoginHook(moved.api, win, '/unused').refresh();
    expect(moved.calls.at(-1)).toEqual({ set: { openAtLogin: true, path: 'C:\\new\\memsync.exe', args: ['--hidden'] } });
    const none = loginItems({ openAtLogin: false, launchItems: [] });
    startAtLoginHook(none.api, win, '/unused').refresh();
    expect(none.calls.some((c) => c.set)).toBe(false);
  });

  it('macOS: the app is the login item, and one waiting for approval says where to give it', () => {
    const mac = { platform: 'darwin' as const, ...packaged, execPath: '/Applications/memsync.app/Contents/MacOS/memsync' };
    const { api, calls } = loginItems({ status: 'enabled', openAtLogin: true });
    const hook = startAtLoginHook(api, mac, '/unused');
    hook.set(true);
    expect(calls[0]).toEqual({ set: { openAtLogin: true } });
    expect(hook.get()).toEqual({ enabled: true, detail: null });
    const waiting = startAtLoginHook(loginItems({ status: 'requires-approval' }).api, mac, '/unused');
    expect(waiting.get()).toMatchObject({ enabled: false, detail: expect.stringContaining('System Settings → General → Login Items') });
  });
});
