#!/usr/bin/env node
// Builds everything the app runs: the renderer (Vite: main window + quick-note popup), the main
// process bundles (esbuild: CLI, Electron main), the sandboxed preload (CommonJS, as Electron
// requires for sandboxed preloads) and the icons (scripts/icons.mjs, from assets/*.svg). Prints
// each bundle's gzip size against its budget and fails when a budget is exceeded.
//
//   node scripts/build.mjs [--quiet]     (--quiet: one summary line, used by `npm install`)
import { build as esbuild } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build as viteBuild } from 'vite';
import { root } from './build-state.mjs';
import { renderIcons } from './icons.mjs';
import { precompress } from './precompress.mjs';

const quiet = process.argv.includes('--quiet');
const started = performance.now();
const KB = 1024;

/** Gzip budgets from the product's issues (renderer entries include every chunk they import). */
const BUDGETS = { main: 400 * KB, 'quick-note': 50 * KB };

async function buildRenderer() {
  await viteBuild({
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: quiet ? 'error' : 'warn',
  });
}

async function buildMain() {
  const outdir = path.join(root, 'dist', 'main');
  rmSync(outdir, { recursive: true, force: true });
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node22',
    sourcemap: 'linked',
    logLevel: 'error',
    absWorkingDir: root,
    legalComments: 'none',
  };
  // Node packages stay external: they ship with the app (electron-builder packs production deps).
  await esbuild({
    ...common,
    entryPoints: { cli: 'src-main/cli/index.ts', 'electron-main': 'src-main/electron/main.ts' },
    outdir,
    format: 'esm',
    packages: 'external',
    outExtension: { '.js': '.js' },
  });
  // A sandboxed preload cannot load ESM or arbitrary modules: one CommonJS file, only `electron` left out.
  await esbuild({
    ...common,
    entryPoints: { preload: 'src-main/electron/preload.ts' },
    outdir,
    format: 'cjs',
    external: ['electron'],
    outExtension: { '.js': '.cjs' },
  });
}

const gz = (file) => gzipSync(readFileSync(file)).length;
const fmt = (bytes) => `${(bytes / KB).toFixed(1).padStart(7)} KB`;

/**
 * Gzip size of each HTML entry: what it loads first (static imports), and in total once every
 * lazily loaded part (the editor, the QR encoder) has been used. Budgets apply to the total.
 * `transfer` has what `memsync serve` actually sends for the total (raw and brotli bytes).
 */
function rendererSizes(compressed) {
  const dir = path.join(root, 'dist', 'renderer');
  const manifest = JSON.parse(readFileSync(path.join(dir, '.vite', 'manifest.json'), 'utf8'));
  const sizes = {};
  const collect = (key, withLazy) => {
    const files = new Set();
    const walk = (k) => {
      const c = manifest[k];
      if (!c || files.has(c.file)) return;
      files.add(c.file);
      for (const css of c.css ?? []) files.add(css);
      for (const imp of c.imports ?? []) walk(imp);
      if (withLazy) for (const imp of c.dynamicImports ?? []) walk(imp);
    };
    walk(key);
    const all = [path.basename(key), ...files].map((f) => path.join(dir, f)); // the HTML page itself, then its parts
    const sent = all.map((f) => compressed.get(f) ?? { raw: 0, br: 0 });
    return {
      gzip: all.reduce((sum, f) => sum + gz(f), 0),
      raw: sent.reduce((sum, c) => sum + c.raw, 0),
      br: sent.reduce((sum, c) => sum + c.br, 0),
    };
  };
  for (const [key, chunk] of Object.entries(manifest)) {
    if (!chunk.isEntry) continue;
    const total = collect(key, true);
    sizes[chunk.name ?? path.basename(key, '.html')] = { first: collect(key, false).gzip, total: total.gzip, transfer: total };
  }
  return sizes;
}

await buildRenderer();
const [compressed] = await Promise.all([
  precompress(path.join(root, 'dist', 'renderer')).then((list) => new Map(list.map((c) => [c.file, c]))),
  buildMain(),
  renderIcons(root, path.join(root, 'dist', 'icons')),
]);

const rows = [];
const transfers = [];
let over = false;
for (const [name, size] of Object.entries(rendererSizes(compressed))) {
  const budget = BUDGETS[name];
  const ok = budget === undefined || size.total <= budget;
  over ||= !ok;
  rows.push([`renderer ${name}`, size.total, budget, ok]);
  if (size.first !== size.total) rows.push([`  first load`, size.first, undefined, true]);
  transfers.push(`${name} ${(size.transfer.raw / KB).toFixed(0)} KB raw → ${(size.transfer.br / KB).toFixed(1)} KB brotli`);
}
for (const f of ['cli.js', 'electron-main.js', 'preload.cjs']) {
  rows.push([`main ${f}`, gz(path.join(root, 'dist', 'main', f)), undefined, true]);
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (quiet) {
  const summary = rows
    .filter(([n]) => !n.startsWith('  '))
    .map(([n, s]) => `${n.replace(/^(renderer|main) /, '')} ${(s / KB).toFixed(1)}`)
    .join(', ');
  console.log(`memsync: built in ${seconds} s (gzip KB: ${summary})`);
} else {
  console.log('\nbundle                      gzip        budget');
  for (const [name, size, budget, ok] of rows) {
    const b = budget === undefined ? '' : `${fmt(budget)}  ${ok ? 'ok' : 'OVER BUDGET'}`;
    console.log(`${name.padEnd(24)} ${fmt(size)}  ${b}`);
  }
  console.log(`\nmemsync serve sends (all parts loaded): ${transfers.join('; ')}`);
  console.log(`\nbuilt in ${seconds} s`);
}
if (over) {
  console.error('memsync: a renderer bundle is over its gzip budget (see above)');
  process.exit(1);
}
