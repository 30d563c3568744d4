import { describe, expect, it } from 'vitest';
import { osFromPlatform, resolveAppPaths } from '../../../src-main/engine';

describe('resolveAppPaths', () => {
  it.each([
    {
      name: 'Linux uses ~/.config',
      os: 'linux' as const,
      env: { HOME: '/home/ana' },
      userDataDir: '/home/ana/.config/memsync-desktop',
    },
    {
      name: 'Linux honours an absolute XDG_CONFIG_HOME',
      os: 'linux' as const,
      env: { HOME: '/home/ana', XDG_CONFIG_HOME: '/data/cfg' },
      userDataDir: '/data/cfg/memsync-desktop',
    },
    {
      name: 'Linux ignores a relative XDG_CONFIG_HOME (XDG spec)',
      os: 'linux' as const,
      env: { HOME: '/home/ana', XDG_CONFIG_HOME: 'cfg' },
      userDataDir: '/home/ana/.config/memsync-desktop',
    },
    {
      name: 'macOS uses Application Support, like Electron',
      os: 'darwin' as const,
      env: { HOME: '/Users/ana', XDG_CONFIG_HOME: '/ignored' },
      userDataDir: '/Users/ana/Library/Application Support/memsync-desktop',
    },
    {
      name: 'Windows uses APPDATA',
      os: 'win32' as const,
      env: { USERPROFILE: 'C:\\Users\\ana', APPDATA: 'D:\\Roaming' },
      userDataDir: 'D:\\Roaming\\memsync-desktop',
    },
    {
      name: 'Windows without APPDATA falls back to AppData\\Roaming under the profile',
      os: 'win32' as const,
      env: { USERPROFILE: 'C:\\Users\\ana' },
      userDataDir: 'C:\\Users\\ana\\AppData\\Roaming\\memsync-desktop',
    },
  ])('$name', ({ os, env, userDataDir }) => {
    const paths = resolveAppPaths(os, env, '/fallback');
    expect(paths.userDataDir).toBe(userDataDir);
    expect(paths.logsDir.startsWith(userDataDir)).toBe(true);
  });

  it('prefers HOME from the environment over the OS account home, so a temporary HOME isolates a run', () => {
    expect(resolveAppPaths('linux', { HOME: '/tmp/x' }, '/home/real').homeDir).toBe('/tmp/x');
    expect(resolveAppPaths('linux', {}, '/home/real').homeDir).toBe('/home/real');
    expect(resolveAppPaths('linux', { HOME: '  ' }, '/home/real').homeDir).toBe('/home/real');
  });

  it('maps process.platform to the three supported layouts', () => {
    expect(osFromPlatform('darwin')).toBe('darwin');
    expect(osFromPlatform('win32')).toBe('win32');
    expect(osFromPlatform('linux')).toBe('linux');
    expect(osFromPlatform('freebsd')).toBe('linux');
  });
});
