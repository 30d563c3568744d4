import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_INVOKE_CHANNEL } from '../../../src-shared/contract';
import { CONTENT_SECURITY_POLICY } from '../../../src-shared/csp';
import { createFakeElectron, FakeBrowserWindow, FakeTray } from '../../helpers/fake-electron';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

const fake = createFakeElectron();
vi.mock('electron', () => ({ ...fake.module, default: fake.module }));
const { bootstrap, appLayout } = await import('../../../src-main/electron/app-lifecycle');

let home: TempHome;
const savedEnv = { ...process.env };

beforeEach(async () => {
  home = await makeTempHome();
  process.env.HOME = home.home;
  delete process.env.XDG_CONFIG_HOME;
  process.env.MEMSYNC_PORT = '0';
  process.env.MEMSYNC_SECRET_STORE = 'file';
  fake.state.appPath = path.join(home.home, 'app');
  await mkdir(path.join(fake.state.appPath, 'dist', 'renderer'), { recursive: true });
  await writeFile(path.join(fake.state.appPath, 'dist', 'renderer', 'index.html'), '<!doctype html><p>ui</p>');
});
afterEach(async () => {
  process.env = { ...savedEnv };
  await home.cleanup();
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('tray app bootstrap', () => {
  it('quits at once when another instance holds the lock', () => {
    fake.state.lock = false;
    const quits = fake.state.quitCalls;
    bootstrap();
    expect(fake.state.quitCalls).toBe(quits + 1);
    expect(fake.state.privileged).toHaveLength(0);
    fake.state.lock = true;
  });

  it('starts the engine, serves the UI on app://, wires IPC and the tray, and cleans up on quit', async () => {
    bootstrap();
    // Before ready: the per-machine folder is shared with `memsync serve`, and app:// is privileged.
    expect(fake.state.paths.get('userData')).toBe(path.join(home.home, '.config', 'memsync-desktop'));
    expect(fake.state.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);

    fake.ready();
    await vi.waitFor(() => expect(FakeTray.last?.menu.length).toBe(4));

    // IPC answers with the engine's status, as the tray app.
    const invoke = fake.state.ipcHandlers.get(IPC_INVOKE_CHANNEL)!;
    const answer = (await invoke({ senderFrame: { url: 'app://memsync/index.html', parent: null } }, 'status')) as {
      value: { host: string; state: string };
    };
    expect(answer.value).toMatchObject({ host: 'electron', state: 'running' });

    // The renderer is served with the shared CSP; nothing outside it is.
    const handler = fake.state.protocolHandlers.get('app')!;
    const page = (await handler(new Request('app://memsync/index.html'))) as Response;
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<p>ui</p>');
    expect(((await handler(new Request('app://memsync/../../etc/passwd'))) as Response).status).toBe(404);
    expect(((await handler(new Request('app://other/index.html'))) as Response).status).toBe(404);

    // Only clipboard writes from our UI are permitted.
    const decide = (permission: string, url: string) =>
      new Promise<boolean>((resolve) => fake.state.permissionHandler!({ getURL: () => url }, permission, resolve));
    expect(await decide('media', 'app://memsync/index.html')).toBe(false);
    expect(await decide('clipboard-sanitized-write', 'app://memsync/index.html')).toBe(true);

    // Tray: Open shows a secure window on app://; closing it hides it (the app stays in the tray).
    const tray = FakeTray.last!;
    expect(tray.menu.map((item) => item.label ?? item.type)).toEqual(['Open memsync', 'Quick note…', 'separator', 'Quit memsync']);
    tray.menu[0]!.click!();
    const window = FakeBrowserWindow.all.at(-1)!;
    expect(window.loaded).toBe('app://memsync/index.html');
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(window.visible).toBe(true);
    expect(window.tryClose()).toBe(true);
    expect(window.visible).toBe(false);

    // Guards: no navigation away, no popups; https links go to the system browser.
    const navigation = { prevented: false, preventDefault() { this.prevented = true; } };
    window.webContents.emit('will-navigate', navigation, 'https://evil.example');
    expect(navigation.prevented).toBe(true);
    expect(window.webContents.windowOpenHandler!({ url: 'https://docs.anthropic.com' })).toEqual({ action: 'deny' });
    expect(fake.state.opened).toEqual(['https://docs.anthropic.com']);

    // A second launch shows the existing window instead of starting another app.
    fake.module.app.emit('second-instance');
    expect(window.visible).toBe(true);

    // The global shortcut toggles the quick-note popup, placed inside the screen's work area.
    const shortcut = fake.state.shortcuts.get('CommandOrControl+Shift+M')!;
    shortcut();
    const popup = FakeBrowserWindow.all.at(-1)!;
    expect(popup.loaded).toBe('app://memsync/quick-note.html');
    expect(popup.options).toMatchObject({ alwaysOnTop: true, skipTaskbar: true, webPreferences: { sandbox: true, contextIsolation: true } });
    expect(popup.visible).toBe(true);
    expect(popup.position[0]).toBeGreaterThanOrEqual(0);
    expect(popup.position[1]).toBeGreaterThanOrEqual(25);
    shortcut();
    expect(popup.visible).toBe(false);
    tray.menu[1]!.click!();
    expect(popup.visible).toBe(true);
    popup.emit('blur');
    expect(popup.visible).toBe(false);

    // Start at login through the shared API (on Linux: an XDG autostart entry).
    const invoke2 = fake.state.ipcHandlers.get(IPC_INVOKE_CHANNEL)!;
    const frame = { senderFrame: { url: 'app://memsync/index.html', parent: null } };
    expect(await invoke2(frame, 'setStartAtLogin', { enabled: true })).toMatchObject({ ok: true, value: { supported: true, enabled: true } });
    expect(existsSync(path.join(home.home, '.config', 'autostart', 'memsync-desktop.desktop'))).toBe(true);

    // Quit with unsaved memory edits in the window: it asks, and "Keep editing" calls the quit
    // off with the engine still running.
    window.webContents.refusesUnload = true;
    fake.state.messageBoxAnswer = 1;
    tray.menu[3]!.click!();
    await vi.waitFor(() => expect(fake.state.messageBoxes.at(-1)?.message).toBe('Discard your unsaved changes to the memory?'));
    await flush();
    expect(tray.destroyed).toBe(false);
    expect(await invoke2(frame, 'status')).toMatchObject({ ok: true, value: { state: 'running' } });
    expect(window.tryClose()).toBe(true); // closing hides it again: the quit was called off

    // Quit: cleanup runs first (engine stopped), then the app really quits and closing is allowed.
    fake.state.messageBoxAnswer = 0;
    const quitsBefore = fake.state.quitCalls;
    tray.menu[3]!.click!();
    await vi.waitFor(() => expect(tray.destroyed).toBe(true));
    expect(fake.state.quitCalls).toBe(quitsBefore + 2);
    expect(window.tryClose()).toBe(false);
    await flush();
  });

  it('puts bundles and the tray icon where the build and electron-builder put them', () => {
    expect(appLayout('/a', 'darwin')).toEqual({
      preload: path.join('/a', 'dist', 'main', 'preload.cjs'),
      rendererDir: path.join('/a', 'dist', 'renderer'),
      trayIcon: path.join('/a', 'assets', 'trayTemplate.png'),
    });
    expect(appLayout('/a', 'win32').trayIcon).toBe(path.join('/a', 'assets', 'tray.png'));
  });
});
