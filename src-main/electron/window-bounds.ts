// Where the main window reopens: where it was, unless that place is gone (a monitor unplugged, a
// laptop undocked, a smaller screen), then on the primary display. Pure, tested per layout.
import type { Rect } from './popup-position';

export interface DisplayArea {
  /** The part of the display windows may use (without the menu bar, dock or taskbar). */
  workArea: Rect;
}

export interface SavedWindow {
  bounds: Rect;
  maximized: boolean;
}

export const MAIN_WINDOW_SIZE = { width: 1040, height: 720 };
export const MAIN_WINDOW_MIN = { width: 720, height: 480 };

/** The title bar must be reachable: this much of the window's top strip on one display. */
const GRAB = { width: 120, height: 32 };

const isRect = (r: unknown): r is Rect =>
  typeof r === 'object' && r !== null && ['x', 'y', 'width', 'height'].every((k) => Number.isFinite((r as Record<string, unknown>)[k]));

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

function centredIn(area: Rect, size: { width: number; height: number }): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return { x: Math.round(area.x + (area.width - width) / 2), y: Math.round(area.y + (area.height - height) / 2), width, height };
}

/** Reads what was saved; anything else (a hand edit, an old format) counts as nothing saved. */
export function parseSavedWindow(value: unknown): SavedWindow | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { bounds, maximized } = value as Record<string, unknown>;
  if (!isRect(bounds) || bounds.width <= 0 || bounds.height <= 0) return undefined;
  return { bounds, maximized: maximized === true };
}

/**
 * The bounds to open the main window with. A saved window whose title bar still lies on a display
 * is kept there, shrunk to fit that display and moved fully onto it; otherwise it is centred on
 * the primary display, keeping its size where that fits.
 */
export function restoreWindowBounds(saved: SavedWindow | undefined, displays: DisplayArea[], primary: DisplayArea): Rect {
  if (!saved) return centredIn(primary.workArea, MAIN_WINDOW_SIZE);
  const size = { width: Math.max(saved.bounds.width, MAIN_WINDOW_MIN.width), height: Math.max(saved.bounds.height, MAIN_WINDOW_MIN.height) };
  const titleBar = { x: saved.bounds.x, y: saved.bounds.y, width: size.width, height: GRAB.height };
  const home = displays.find((d) => {
    const o = overlap(titleBar, d.workArea);
    return o.width >= Math.min(GRAB.width, size.width) && o.height >= GRAB.height / 2;
  });
  if (!home) return centredIn(primary.workArea, size);
  const area = home.workArea;
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  const x = Math.min(Math.max(saved.bounds.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(saved.bounds.y, area.y), area.y + area.height - height);
  return { x: Math.round(x), y: Math.round(y), width, height };
}
