#!/usr/bin/env node
// Renders the committed PNG icons from their SVG sources with Chromium (run after editing an SVG):
//   node scripts/render-icons.mjs
// assets/icon.png (512 px, app icon for electron-builder), assets/tray.png (32 px, Windows/Linux,
// coloured) and assets/trayTemplate.png + @2x (16/32 px black-on-transparent, macOS menu bar).
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './build-state.mjs';

const executablePath = process.env.MEMSYNC_CHROMIUM ?? '/usr/bin/chromium';
const svg = (name) => readFileSync(path.join(root, 'assets', name), 'utf8');
const renders = [
  ['icon.png', svg('icon.svg'), 512],
  ['tray.png', svg('tray.svg').replaceAll('#000', '#4f46e5'), 32],
  ['trayTemplate.png', svg('tray.svg'), 16],
  ['trayTemplate@2x.png', svg('tray.svg'), 32],
];

const browser = await chromium.launch({ executablePath });
for (const [file, source, size] of renders) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const sized = source.replace('<svg ', `<svg width="${size}" height="${size}" `);
  await page.setContent(`<style>html,body{margin:0;background:transparent}</style>${sized}`);
  await page.screenshot({ path: path.join(root, 'assets', file), omitBackground: true });
  await page.close();
  console.log(`assets/${file} (${size}×${size})`);
}
await browser.close();
