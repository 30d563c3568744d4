import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linuxAutostartEntry, linuxAutostartFile, startAtLoginHook } from '../../../src-main/electron/autostart';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

let home: TempHome;
beforeEach(async () => {
  home = await makeTempHome();
});
afterEach(() => home.cleanup());

describe('start at login', () => {
  it('writes an XDG autostart entry on Linux, quoting paths with spaces, and removes it again', () => {
    expect(linuxAutostartEntry('/opt/memsync/memsync')).toContain('Exec=/opt/memsync/memsync --hidden\n');
    expect(linuxAutostartEntry('/home/a/Apps/memsync 1.0.AppImage')).toContain('Exec="/home/a/Apps/memsync 1.0.AppImage" --hidden\n');
    const config = path.join(home.home, '.config');
    const hook = startAtLoginHook('linux', { getLoginItemSettings: () => ({ openAtLogin: false }), setLoginItemSettings: () => {} }, config, '/opt/memsync/memsync');
    expect(hook.get()).toBe(false);
    hook.set(true);
    expect(hook.get()).toBe(true);
    return readFile(linuxAutostartFile(config), 'utf8').then((text) => {
      expect(text).toMatch(/^\[Desktop Entry\]\nType=Application\nName=memsync\n/);
      hook.set(false);
      expect(hook.get()).toBe(false);
    });
  });

  it('uses the OS login items on macOS and Windows, starting hidden in the tray', () => {
    let setting: { openAtLogin: boolean; args?: string[] } = { openAtLogin: false };
    const api = { getLoginItemSettings: () => setting, setLoginItemSettings: (s: typeof setting) => void (setting = s) };
    for (const platform of ['darwin', 'win32'] as const) {
      const hook = startAtLoginHook(platform, api, '/unused', '/Applications/memsync.app');
      hook.set(true);
      expect(setting).toEqual({ openAtLogin: true, args: ['--hidden'] });
      expect(hook.get()).toBe(true);
      hook.set(false);
      expect(hook.get()).toBe(false);
    }
  });
});
