// Every icon the app ships, rendered from the SVG sources in assets/ (resvg: the same bytes for
// the same SVG on every machine). Used by the build (scripts/build.mjs) and tested for
// determinism and content (tests/unit/scripts/icons.test.ts).
//
//   dist/icons/tray/   tray-<state>.png (+@2x) for Linux, tray-<state>.ico for Windows,
//                      tray-<state>Template.png (+@2x) for the macOS menu bar
//   dist/icons/app/    icon.icns (macOS), icon.ico (Windows), png/<n>x<n>.png (Linux), icon.png
import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pngToIco from 'png-to-ico';
import png2icons from 'png2icons';

export const TRAY_STATES = ['normal', 'attention', 'approval', 'error', 'paused'];
export const APP_ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256];
/** Windows asks for 16 px at 100 % scaling up to 32 px at 200 %. */
export const TRAY_ICO_SIZES = [16, 20, 24, 32, 40, 48];
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];

// The tray glyph (the M of assets/tray.svg) and a badge at the lower right, per state. Template
// images are one colour (macOS draws them in the menu bar's), so the states differ by shape: a
// ring, a dot, a triangle, pause bars; the coloured icons also differ by colour.
const GLYPH = 'M7 24V9l9 8 9-8v15';
const PAUSE_BUTTON = '#1f2937';
const COLOURS = { tile: '#4f46e5', paused: '#6b7280', attention: '#f59e0b', approval: '#0ea5e9', error: '#dc2626' };

function badge(state, colour) {
  const ring = '<circle cx="25" cy="24.5" r="7.5" fill="#000"/>'; // cut out of the glyph (mask)
  switch (state) {
    case 'attention':
      return { cut: ring, shape: `<circle cx="25" cy="24.5" r="4.4" fill="none" stroke="${colour}" stroke-width="2.6"/>` };
    case 'approval':
      return { cut: ring, shape: `<circle cx="25" cy="24.5" r="5.6" fill="${colour}"/>` };
    case 'error':
      return { cut: '<path d="M25 15.5l9 16h-18z" fill="#000" stroke="#000" stroke-width="3" stroke-linejoin="round"/>', shape: `<path d="M25 18.5l6.2 11h-12.4z" fill="${colour}" stroke="${colour}" stroke-width="2" stroke-linejoin="round"/>` };
    case 'paused': {
      const bars = (fill) => `<rect x="20.6" y="19.5" width="3.4" height="10" rx="1" fill="${fill}"/><rect x="26" y="19.5" width="3.4" height="10" rx="1" fill="${fill}"/>`;
      // Coloured: a dark "pause button", readable on the grey tile and on any panel.
      const shape = colour === '#000' ? bars('#000') : `<rect x="18" y="17" width="14" height="15" rx="3.5" fill="${PAUSE_BUTTON}"/>${bars('#fff')}`;
      return { cut: '<rect x="16.5" y="15.5" width="17" height="18" rx="4" fill="#000"/>', shape };
    }
    default:
      return undefined;
  }
}

/** The tray icon for `state`: black on transparent for macOS templates, a coloured tile elsewhere. */
export function traySvg(state, template) {
  const b = badge(state, template ? '#000' : COLOURS[state] ?? COLOURS.tile);
  const mask = b ? `<mask id="m"><rect width="32" height="32" fill="#fff"/>${b.cut}</mask>` : '';
  const masked = b ? ' mask="url(#m)"' : '';
  const glyph = (stroke) => `<path d="${GLYPH}" fill="none" stroke="${stroke}" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round"/>`;
  // Paused: the glyph fades (templates keep alpha; the menu bar shows it dimmed).
  const fade = state === 'paused' ? ' opacity="0.55"' : '';
  const body = template
    ? `<g${masked}><g${fade}>${glyph('#000')}</g></g>`
    : // A tile reads on light and dark taskbars and panels alike; the glyph is white on it.
      `<g${masked}><rect x="1" y="1" width="30" height="30" rx="7" fill="${state === 'paused' ? COLOURS.paused : COLOURS.tile}"/>${glyph('#fff')}</g>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">${mask}${body}${b ? b.shape : ''}</svg>`;
}

export function renderPng(svg, size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)', font: { loadSystemFonts: false } }).render().asPng();
}

/** Renders every icon into `outDir` (replacing what is there); returns the files written. */
export async function renderIcons(root, outDir) {
  const written = [];
  const write = (file, bytes) => {
    const target = path.join(outDir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, bytes);
    written.push(file);
  };
  rmSync(outDir, { recursive: true, force: true });

  for (const state of TRAY_STATES) {
    const template = traySvg(state, true);
    write(`tray/tray-${state}Template.png`, renderPng(template, 16));
    write(`tray/tray-${state}Template@2x.png`, renderPng(template, 32));
    const coloured = traySvg(state, false);
    write(`tray/tray-${state}.png`, renderPng(coloured, 32));
    write(`tray/tray-${state}@2x.png`, renderPng(coloured, 64));
    // Each size drawn from the vector, not scaled down from one bitmap: 16 px stays sharp.
    write(`tray/tray-${state}.ico`, await pngToIco(TRAY_ICO_SIZES.map((size) => renderPng(coloured, size))));
  }

  const appSvg = readFileSync(path.join(root, 'assets', 'icon.svg'), 'utf8');
  for (const size of LINUX_SIZES) write(`app/png/${size}x${size}.png`, renderPng(appSvg, size));
  write('app/icon.png', renderPng(appSvg, 512));
  write('app/icon.ico', await pngToIco(APP_ICO_SIZES.map((size) => renderPng(appSvg, size))));
  // ICNS from one 1024 px rendering; png2icons scales the smaller members (lossless PNG chunks).
  const icns = png2icons.createICNS(renderPng(appSvg, 1024), png2icons.BICUBIC2, 0);
  if (!icns) throw new Error('png2icons could not make icon.icns');
  write('app/icon.icns', icns);
  return written;
}
