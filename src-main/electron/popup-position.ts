// Where the quick-note popup appears: next to the tray icon, inside the screen's work area.
// Pure, so every OS's layout is tested here (after the positioning logic of max-mapper/menubar).

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const GAP = 6;

/**
 * macOS: below the menu-bar icon. Windows: above the icon when the taskbar is at the bottom (or
 * beside it when it is on a side). Linux trays often report no bounds: then centred near the top.
 */
export function popupPosition(tray: Rect | undefined, size: { width: number; height: number }, workArea: Rect, platform: NodeJS.Platform): { x: number; y: number } {
  const clampX = (x: number) => Math.round(Math.min(Math.max(x, workArea.x + GAP), workArea.x + workArea.width - size.width - GAP));
  const clampY = (y: number) => Math.round(Math.min(Math.max(y, workArea.y + GAP), workArea.y + workArea.height - size.height - GAP));
  if (!tray || (tray.width === 0 && tray.height === 0)) {
    return { x: clampX(workArea.x + (workArea.width - size.width) / 2), y: clampY(workArea.y + workArea.height / 5) };
  }
  const centreX = tray.x + tray.width / 2 - size.width / 2;
  if (platform === 'darwin') return { x: clampX(centreX), y: clampY(tray.y + tray.height + GAP) };
  // The taskbar's side is where the tray sits relative to the work area.
  if (tray.y >= workArea.y + workArea.height) return { x: clampX(centreX), y: clampY(tray.y - size.height - GAP) };
  if (tray.y + tray.height <= workArea.y) return { x: clampX(centreX), y: clampY(tray.y + tray.height + GAP) };
  if (tray.x >= workArea.x + workArea.width) return { x: clampX(tray.x - size.width - GAP), y: clampY(tray.y + tray.height / 2 - size.height / 2) };
  if (tray.x + tray.width <= workArea.x) return { x: clampX(tray.x + tray.width + GAP), y: clampY(tray.y + tray.height / 2 - size.height / 2) };
  return { x: clampX(centreX), y: clampY(tray.y - size.height - GAP) };
}

/**
 * What the popup is placed by. macOS and Windows: the tray icon, on the display it is on. Linux
 * (and Wayland) trays report no position, so the popup is centred on the display the pointer is
 * on: the one the person is using.
 */
export function popupAnchor(platform: NodeJS.Platform, tray: Rect | undefined, cursor: { x: number; y: number }): { tray: Rect | undefined; point: { x: number; y: number } } {
  const usable = platform !== 'linux' && tray && (tray.width > 0 || tray.height > 0);
  if (!usable) return { tray: undefined, point: cursor };
  return { tray, point: { x: Math.round(tray.x + tray.width / 2), y: Math.round(tray.y + tray.height / 2) } };
}
