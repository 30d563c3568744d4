import { describe, expect, it } from 'vitest';
import { parseSavedWindow, restoreWindowBounds } from '../../../src-main/electron/window-bounds';

const laptop = { workArea: { x: 0, y: 25, width: 1440, height: 875 } };
// A monitor to the right of the laptop, and one above it (negative coordinates).
const right = { workArea: { x: 1440, y: 0, width: 2560, height: 1400 } };
const above = { workArea: { x: 0, y: -1080, width: 1920, height: 1040 } };

describe('where the main window reopens', () => {
  it('first time: the default size, centred on the primary display', () => {
    expect(restoreWindowBounds(undefined, [laptop], laptop)).toEqual({ x: 200, y: 103, width: 1040, height: 720 });
  });

  it('where it was, on whichever monitor that is', () => {
    const onRight = { bounds: { x: 2000, y: 300, width: 1200, height: 800 }, maximized: false };
    expect(restoreWindowBounds(onRight, [laptop, right], laptop)).toEqual(onRight.bounds);
    const onAbove = { bounds: { x: 100, y: -900, width: 1100, height: 700 }, maximized: false };
    expect(restoreWindowBounds(onAbove, [laptop, above], laptop)).toEqual(onAbove.bounds);
  });

  it('on the primary display when its monitor is gone, keeping its size where it fits', () => {
    const onRight = { bounds: { x: 2000, y: 300, width: 1200, height: 800 }, maximized: false };
    expect(restoreWindowBounds(onRight, [laptop], laptop)).toEqual({ x: 120, y: 63, width: 1200, height: 800 });
    const huge = { bounds: { x: 1500, y: 0, width: 2400, height: 1350 }, maximized: false };
    expect(restoreWindowBounds(huge, [laptop], laptop)).toEqual({ x: 0, y: 25, width: 1440, height: 875 });
  });

  it('moved fully onto its display when it hangs off an edge, and never smaller than the minimum', () => {
    const offEdge = { bounds: { x: 1200, y: 500, width: 1000, height: 700 }, maximized: false };
    expect(restoreWindowBounds(offEdge, [laptop], laptop)).toEqual({ x: 440, y: 200, width: 1000, height: 700 });
    const tiny = { bounds: { x: 10, y: 40, width: 100, height: 80 }, maximized: false };
    expect(restoreWindowBounds(tiny, [laptop], laptop)).toEqual({ x: 10, y: 40, width: 720, height: 480 });
  });

  it('a title bar only a sliver of which is on a display counts as gone', () => {
    const sliver = { bounds: { x: 1400, y: 300, width: 1000, height: 700 }, maximized: false };
    expect(restoreWindowBounds(sliver, [laptop], laptop)).toEqual({ x: 220, y: 113, width: 1000, height: 700 });
  });

  it('reads only what it saved', () => {
    expect(parseSavedWindow({ bounds: { x: 1, y: 2, width: 800, height: 600 }, maximized: true })).toEqual({ bounds: { x: 1, y: 2, width: 800, height: 600 }, maximized: true });
    for (const junk of [undefined, null, 'x', {}, { bounds: { x: 'a', y: 0, width: 1, height: 1 } }, { bounds: { x: 0, y: 0, width: 0, height: 5 } }]) {
      expect(parseSavedWindow(junk)).toBeUndefined();
    }
  });
});
