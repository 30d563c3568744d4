import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeElectron, type FakeBrowserWindow } from '../../helpers/fake-electron';

const fake = createFakeElectron();
vi.mock('electron', () => ({ ...fake.module, default: fake.module }));
const { closeForQuit, createMainWindow } = await import('../../../src-main/electron/windows');

const saved: unknown[] = [];
const place = { bounds: { x: 40, y: 60, width: 1040, height: 720 }, maximized: false, save: (s: unknown) => void saved.push(s) };
const mainWindow = (quitting: () => boolean) => createMainWindow('/app/preload.cjs', quitting, place) as unknown as FakeBrowserWindow;
const asElectron = (w: FakeBrowserWindow) => w as unknown as Parameters<typeof closeForQuit>[0];

beforeEach(() => {
  fake.state.messageBoxes.length = 0;
});

describe('the main window', () => {
  it('opens where it is told, and saves where it is each time it closes', () => {
    const window = mainWindow(() => false);
    expect(window.options).toMatchObject({ x: 40, y: 60, width: 1040, height: 720, minWidth: 720, minHeight: 480, show: false });
    saved.length = 0;
    window.setPosition(300, 200);
    expect(window.tryClose()).toBe(true); // hidden, not closed
    expect(saved).toEqual([{ bounds: { x: 300, y: 200, width: 1040, height: 720 }, maximized: false }]);
    const big = createMainWindow('/app/preload.cjs', () => false, { ...place, maximized: true }) as unknown as FakeBrowserWindow;
    expect(big.isMaximized()).toBe(true);
  });
});

describe('the main window and unsaved memory edits', () => {
  it('closes for a quit at once when nothing is unsaved', async () => {
    const window = mainWindow(() => true);
    expect(await closeForQuit(asElectron(window))).toBe(true);
    expect(window.isDestroyed()).toBe(true);
    expect(fake.state.messageBoxes).toEqual([]);
    expect(await closeForQuit(asElectron(window))).toBe(true); // already gone
    expect(await closeForQuit(undefined)).toBe(true);
  });

  it('asks when the page refuses to unload; "Keep editing" calls the quit off and keeps the window', async () => {
    const window = mainWindow(() => true);
    window.show();
    window.webContents.refusesUnload = true;
    fake.state.messageBoxAnswer = 1; // Keep editing
    expect(await closeForQuit(asElectron(window))).toBe(false);
    expect(window.isDestroyed()).toBe(false);
    expect(fake.state.messageBoxes).toEqual([
      { message: 'Discard your unsaved changes to the memory?', buttons: ['Discard changes', 'Keep editing'], parent: true },
    ]);

    fake.state.messageBoxAnswer = 0; // Discard changes
    expect(await closeForQuit(asElectron(window))).toBe(true);
    expect(window.isDestroyed()).toBe(true);
  });

  it('asks on its own (no sheet) when the window is hidden in the tray, and a reload asks the same way', () => {
    const window = mainWindow(() => false);
    window.webContents.refusesUnload = true;
    fake.state.messageBoxAnswer = 1;
    let leave = false;
    window.webContents.emit('will-prevent-unload', { preventDefault: () => (leave = true) });
    expect(leave).toBe(false);
    expect(fake.state.messageBoxes.at(-1)?.parent).toBe(false);
    fake.state.messageBoxAnswer = 0;
    window.webContents.emit('will-prevent-unload', { preventDefault: () => (leave = true) });
    expect(leave).toBe(true);
  });
});
