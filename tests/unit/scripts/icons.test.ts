import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript build script (scripts/ has no type declarations)
import { APP_ICO_SIZES, LINUX_SIZES, renderIcons, TRAY_ICO_SIZES, TRAY_STATES, traySvg } from '../../../scripts/icons.mjs';
import { TRAY_STATES as SHELL_STATES, trayIconFile } from '../../../src-main/electron/tray-state';
import { repoRoot } from '../../helpers/repo';

let dir: string;
let files: string[];
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'memsync-icons-'));
  files = await renderIcons(repoRoot, path.join(dir, 'a'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const bytes = (file: string, run = 'a') => readFile(path.join(dir, run, file));
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}
/** The sizes an .ico holds, from its directory (0 means 256). */
function icoSizes(ico: Buffer): number[] {
  expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
  return Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + i * 16] || 256);
}
/** The member types of an .icns. */
function icnsTypes(icns: Buffer): string[] {
  expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
  expect(icns.readUInt32BE(4)).toBe(icns.length);
  const types: string[] = [];
  for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) types.push(icns.subarray(at, at + 4).toString('latin1'));
  return types;
}

describe('icons rendered from assets/*.svg', () => {
  it('are the same bytes every time (reproducible builds)', async () => {
    const again = await renderIcons(repoRoot, path.join(dir, 'b'));
    expect(again).toEqual(files);
    for (const file of files) expect((await bytes(file, 'b')).equals(await bytes(file)), file).toBe(true);
  });

  it('give each tray state its own icon, in the form each OS wants, where the shell looks for it', async () => {
    expect(TRAY_STATES).toEqual([...SHELL_STATES]);
    const seen = new Set<string>();
    for (const state of SHELL_STATES) {
      expect(pngSize(await bytes(`tray/${trayIconFile(state, 'darwin')}`))).toEqual([16, 16]);
      expect(pngSize(await bytes(`tray/${trayIconFile(state, 'darwin').replace('.png', '@2x.png')}`))).toEqual([32, 32]);
      expect(pngSize(await bytes(`tray/${trayIconFile(state, 'linux')}`))).toEqual([32, 32]);
      expect(pngSize(await bytes(`tray/tray-${state}@2x.png`))).toEqual([64, 64]);
      expect(icoSizes(await bytes(`tray/${trayIconFile(state, 'win32')}`))).toEqual(TRAY_ICO_SIZES);
      for (const os of ['darwin', 'linux'] as const) seen.add((await bytes(`tray/${trayIconFile(state, os)}`)).toString('base64'));
    }
    expect(seen.size).toBe(SHELL_STATES.length * 2);
  });

  it('draws macOS template images in black only (the menu bar recolours them)', () => {
    for (const state of SHELL_STATES) {
      const svg: string = traySvg(state, true);
      const drawn = svg.replace(/<mask[\s\S]*?<\/mask>/, '');
      expect([...new Set(drawn.match(/#[0-9a-f]{3,6}/gi))]).toEqual(['#000']);
    }
  });

  it('gives the app icon as .icns, a multi-size .ico and the Linux PNG set', async () => {
    expect(icnsTypes(await bytes('app/icon.icns'))).toEqual(expect.arrayContaining(['ic07', 'ic08', 'ic09', 'ic10', 'ic11', 'ic12', 'ic13', 'ic14']));
    expect(icoSizes(await bytes('app/icon.ico'))).toEqual(APP_ICO_SIZES);
    for (const size of LINUX_SIZES) expect(pngSize(await bytes(`app/png/${size}x${size}.png`))).toEqual([size, size]);
    expect(pngSize(await bytes('app/icon.png'))).toEqual([512, 512]);
  });
});
