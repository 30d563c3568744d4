// Is the build older than the sources? Used by bin/memsync.js, `npm start` and the e2e setup so a
// developer never runs yesterday's bundle by accident. Plain JavaScript: it runs before any build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const SOURCE_DIRS = ['src-main', 'src-shared', 'src-renderer', 'assets'];
const SOURCE_FILES = ['vite.config.ts', 'svelte.config.js', 'scripts/build.mjs', 'scripts/icons.mjs', 'package.json'];
/** Every file the build writes last; the oldest of them is the build's age. */
const OUTPUTS = ['dist/main/cli.js', 'dist/main/electron-main.js', 'dist/main/preload.cjs', 'dist/renderer/index.html'];

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** True when this is a source checkout whose build is missing or older than its sources. */
export function buildIsStale() {
  if (!existsSync(path.join(root, 'src-main'))) return false; // an installed package: no sources
  let oldestOutput = Infinity;
  for (const out of OUTPUTS) {
    const full = path.join(root, out);
    if (!existsSync(full)) return true;
    oldestOutput = Math.min(oldestOutput, statSync(full).mtimeMs);
  }
  let newestSource = 0;
  for (const dir of SOURCE_DIRS) {
    const full = path.join(root, dir);
    if (existsSync(full)) newestSource = Math.max(newestSource, newestMtime(full));
  }
  for (const file of SOURCE_FILES) {
    const full = path.join(root, file);
    if (existsSync(full)) newestSource = Math.max(newestSource, statSync(full).mtimeMs);
  }
  return newestSource > oldestOutput;
}
