import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_INVOKE_CHANNEL, type Status } from '../../../src-shared/contract';
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

  it('starts the engine, serves the UI on app://, wires IPC, the tray, the popup and the shortcut, and cleans up on quit', async () => {
    bootstrap();
    // Before ready: the per-machine folder is shared with `memsync serve`, and app:// is privileged.
    expect(fake.state.paths.get('userData')).toBe(path.join(home.home, '.config', 'memsync-desktop'));
    expect(fake.state.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(fake.state.switches).toContainEqual(['enable-features', 'GlobalShortcutsPortal']);

    fake.ready();
    await vi.waitFor(() => expect(FakeTray.last?.menu.length).toBeGreaterThan(4));
    const tray = FakeTray.last!;

    // IPC answers with the engine's status, as the tray app.
    const invoke = fake.state.ipcHandlers.get(IPC_INVOKE_CHANNEL)!;
    const frame = { senderFrame: { url: 'app://memsync/index.html', parent: null } };
    const status = async () => ((await invoke(frame, 'status')) as { value: Status }).value;
    expect(await status()).toMatchObject({ host: 'electron', state: 'running', paused: false });
    expect((await status()).desktop).toEqual({
      shortcut: { accelerator: 'CommandOrControl+Shift+M', registered: true, problem: null },
      updates: { state: 'off', version: null, message: 'A development build does not update itself.', checkedAt: null },
    });

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

    // First run (no sync folder): the window opens on Home, where the set-up card is, and the
    // quick-note popup already exists, hidden.
    const window = FakeBrowserWindow.all.find((w) => w.loaded?.startsWith('app://memsync/index.html'))!;
    expect(window.loaded).toBe('app://memsync/index.html#/home');
    expect(window.visible).toBe(true);
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    const popup = FakeBrowserWindow.all.find((w) => w.loaded === 'app://memsync/quick-note.html')!;
    expect(popup.visible).toBe(false);
    expect(popup.options).toMatchObject({ alwaysOnTop: true, skipTaskbar: true, webPreferences: { sandbox: true, contextIsolation: true } });
    expect(tray.image.path).toBe(path.join(fake.state.appPath, 'dist', 'icons', 'tray', 'tray-attention.png'));
    expect(tray.tooltip).toContain('not set up yet');

    // The full menu, as data.
    expect(tray.menu.map((item) => item.label ?? item.type)).toEqual([
      'Quick note…', 'Open memsync', 'Pending approvals (0)', 'separator', 'Merge notes now', 'Sync agent files now', 'Pause watching', 'separator', 'Start at login', 'separator', 'Quit memsync',
    ]);

    // Closing the window hides it (the app stays in the tray); guards are registered once.
    expect(window.tryClose()).toBe(true);
    expect(window.visible).toBe(false);
    expect(window.webContents.listenerCount('will-navigate')).toBe(1);
    const navigation = { prevented: false, preventDefault() { this.prevented = true; } };
    window.webContents.emit('will-navigate', navigation, 'https://evil.example');
    expect(navigation.prevented).toBe(true);
    expect(window.webContents.windowOpenHandler!({ url: 'https://docs.anthropic.com' })).toEqual({ action: 'deny' });
    expect(fake.state.opened).toEqual(['https://docs.anthropic.com']);

    // A second launch shows the window; one asking for the quick note shows the popup.
    fake.module.app.emit('second-instance', {}, ['/opt/memsync']);
    expect(window.visible).toBe(true);
    fake.module.app.emit('second-instance', {}, ['/opt/memsync', '--quick-note']);
    expect(popup.visible).toBe(true);
    popup.emit('blur');
    expect(popup.visible).toBe(false);

    // The global shortcut toggles the popup, placed on the pointer's display (Linux).
    const shortcut = fake.state.shortcuts.get('CommandOrControl+Shift+M')!;
    shortcut();
    expect(popup.visible).toBe(true);
    expect(popup.position).toEqual([510, 200]);
    shortcut();
    expect(popup.visible).toBe(false);
    tray.item('Quick note…').click!();
    expect(popup.visible).toBe(true);

    // Set up: the tray is rebuilt from the engine's events and goes back to normal.
    const sync = path.join(home.home, 'Sync');
    await mkdir(sync);
    const builds = tray.menuBuilds;
    expect(await invoke(frame, 'initMemoryRoot', { provider: 'custom', syncRoot: sync })).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(tray.image.path).toMatch(/tray-normal\.png$/));
    expect(tray.tooltip).toBe('memsync: in step: 1 agent’s file');
    expect(tray.menuBuilds).toBeGreaterThan(builds);

    // Pause and resume from the tray.
    tray.item('Pause watching').click!();
    await vi.waitFor(() => expect(tray.image.path).toMatch(/tray-paused\.png$/));
    expect((await status()).paused).toBe(true);
    tray.item('Resume watching').click!();
    await vi.waitFor(() => expect(tray.item('Pause watching')).toBeDefined());

    // A wake from sleep reaches the engine's catch-up: a sync folder that went away is noticed.
    await rename(sync, `${sync}-gone`);
    fake.module.powerMonitor.emit('resume');
    await vi.waitFor(async () => expect((await status()).memory.rootState).toBe('unavailable'));
    expect(tray.image.path).toMatch(/tray-error\.png$/);
    await rename(`${sync}-gone`, sync);
    fake.module.powerMonitor.emit('unlock-screen');
    await vi.waitFor(async () => expect((await status()).memory.rootState).toBe('ok'));

    // Merge now without an API key: a notification says why, and its click opens Approvals.
    await invoke(frame, 'addNote', { text: 'prefers pnpm' });
    await vi.waitFor(() => expect(tray.item(/^Merge notes now/).enabled).toBe(true));
    tray.item(/^Merge notes now/).click!();
    await vi.waitFor(() => expect(fake.state.notifications.at(-1)?.title).toBe('memsync could not merge your notes'));
    fake.state.notifications.at(-1)!.click();
    expect(window.loaded).toBe('app://memsync/index.html#/approvals');

    // Start at login from the tray (Linux: an XDG autostart entry), shown checked.
    tray.item('Start at login').click!();
    expect(existsSync(path.join(home.home, '.config', 'autostart', 'memsync-desktop.desktop'))).toBe(true);
    expect(tray.item('Start at login').checked).toBe(true);
    expect(await invoke(frame, 'getStartAtLogin')).toMatchObject({ ok: true, value: { supported: true, enabled: true } });

    // A new shortcut from Settings is registered in place of the old one; one that is taken says so.
    fake.state.takenShortcuts.add('Alt+Shift+N');
    await invoke(frame, 'updateSettings', { shortcuts: { quickNote: 'Alt+Shift+N' } });
    expect([...fake.state.shortcuts.keys()]).toEqual([]);
    expect((await status()).desktop?.shortcut).toMatchObject({ accelerator: 'Alt+Shift+N', registered: false, problem: expect.stringContaining('Alt+Shift+N is already used by another app') });
    expect(tray.item('Quick note…').accelerator).toBeUndefined();

    // Quit with unsaved memory edits in the window: it asks, and "Keep editing" calls the quit
    // off with the engine still running.
    window.webContents.refusesUnload = true;
    fake.state.messageBoxAnswer = 1;
    tray.item('Quit memsync').click!();
    await vi.waitFor(() => expect(fake.state.messageBoxes.at(-1)?.message).toBe('Discard your unsaved changes to the memory?'));
    await flush();
    expect(tray.destroyed).toBe(false);
    expect(await invoke(frame, 'status')).toMatchObject({ ok: true, value: { state: 'running' } });
    expect(window.tryClose()).toBe(true); // closing hides it again: the quit was called off

    // Quit: cleanup runs first (engine stopped), then the app really quits and closing is allowed.
    fake.state.messageBoxAnswer = 0;
    const quitsBefore = fake.state.quitCalls;
    tray.item('Quit memsync').click!();
    await vi.waitFor(() => expect(tray.destroyed).toBe(true));
    await vi.waitFor(() => expect(fake.state.quitCalls).toBe(quitsBefore + 2));
    expect(fake.state.shortcuts.size).toBe(0);
    expect(window.tryClose()).toBe(false);
    await flush();
  });

  it('puts bundles and icons where the build and electron-builder put them', () => {
    expect(appLayout('/a')).toEqual({
      preload: path.join('/a', 'dist', 'main', 'preload.cjs'),
      rendererDir: path.join('/a', 'dist', 'renderer'),
      iconsDir: path.join('/a', 'dist', 'icons', 'tray'),
      windowIcon: path.join('/a', 'dist', 'icons', 'app', 'png', '256x256.png'),
    });
  });
});
