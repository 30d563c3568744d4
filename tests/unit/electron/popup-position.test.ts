import { describe, expect, it } from 'vitest';
import { popupAnchor, popupPosition } from '../../../src-main/electron/popup-position';

const size = { width: 420, height: 250 };

describe('quick-note popup position', () => {
  it('macOS: just below the menu-bar icon, centred on it', () => {
    const work = { x: 0, y: 25, width: 1440, height: 875 };
    // Below the icon, but never above the work area (the menu bar) plus a small gap.
    expect(popupPosition({ x: 1000, y: 0, width: 22, height: 24 }, size, work, 'darwin')).toEqual({ x: 801, y: 31 });
  });

  it('keeps the popup on screen near the right edge', () => {
    const work = { x: 0, y: 25, width: 1440, height: 875 };
    expect(popupPosition({ x: 1420, y: 0, width: 22, height: 24 }, size, work, 'darwin').x).toBe(1440 - 420 - 6);
  });

  it('Windows with the taskbar at the bottom: above the icon', () => {
    const work = { x: 0, y: 0, width: 1920, height: 1040 };
    // Above the icon, kept inside the work area (not over the taskbar).
    expect(popupPosition({ x: 1700, y: 1048, width: 24, height: 24 }, size, work, 'win32')).toEqual({ x: 1494, y: 784 });
  });

  it('Windows with the taskbar at the top, left or right: beside it', () => {
    expect(popupPosition({ x: 1700, y: 4, width: 24, height: 24 }, size, { x: 0, y: 40, width: 1920, height: 1040 }, 'win32').y).toBe(46);
    expect(popupPosition({ x: 10, y: 900, width: 24, height: 24 }, size, { x: 60, y: 0, width: 1860, height: 1080 }, 'win32').x).toBe(66);
    const right = popupPosition({ x: 1880, y: 900, width: 24, height: 24 }, size, { x: 0, y: 0, width: 1860, height: 1080 }, 'win32');
    expect(right.x).toBe(1860 - 420 - 6);
  });

  it('Linux trays that report no bounds: centred near the top of the screen', () => {
    expect(popupPosition({ x: 0, y: 0, width: 0, height: 0 }, size, { x: 0, y: 0, width: 1920, height: 1080 }, 'linux')).toEqual({ x: 750, y: 216 });
    expect(popupPosition(undefined, size, { x: 1920, y: 0, width: 1280, height: 1024 }, 'linux').x).toBe(1920 + 430);
  });
});

describe('what the popup is placed by', () => {
  const cursor = { x: 2000, y: 400 };
  it('the tray icon on macOS and Windows, on the display it is on', () => {
    const tray = { x: 1000, y: 0, width: 22, height: 24 };
    expect(popupAnchor('darwin', tray, cursor)).toEqual({ tray, point: { x: 1011, y: 12 } });
    expect(popupAnchor('win32', tray, cursor).tray).toBe(tray);
  });

  it('the pointer’s display on Linux (no tray position there), or where a tray reports none', () => {
    expect(popupAnchor('linux', { x: 1000, y: 0, width: 22, height: 24 }, cursor)).toEqual({ tray: undefined, point: cursor });
    expect(popupAnchor('win32', { x: 0, y: 0, width: 0, height: 0 }, cursor)).toEqual({ tray: undefined, point: cursor });
    expect(popupAnchor('darwin', undefined, cursor)).toEqual({ tray: undefined, point: cursor });
  });
});
