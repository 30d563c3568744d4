#!/usr/bin/env node
// `npm start`: the tray app when Electron can run here; otherwise one line saying why, and the
// same engine headless (`memsync serve`) with the URL to open, so the product is visible anyway.
//
//   npm start                 tray app (or the headless fallback)
//   npm start -- --open       also open the main window at launch
//   MEMSYNC_HEADLESS=1 npm start   always the headless host
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildIsStale, root } from './build-state.mjs';
import { stopChildWhenOrphaned } from './node22.mjs';

const args = process.argv.slice(2);
const electronPkg = path.join(root, 'node_modules', 'electron');

function electronBinary() {
  const pathFile = path.join(electronPkg, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(electronPkg, 'dist');
  const exe = path.join(dist, readFileSync(pathFile, 'utf8'));
  return existsSync(exe) ? exe : undefined;
}

/** Electron 42+ downloads its binary on first use, from GitHub. Try once, quietly. */
function tryDownloadElectron() {
  const result = spawnSync(process.execPath, [path.join(electronPkg, 'install.js')], {
    encoding: 'utf8',
    timeout: 120_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status === 0) return undefined;
  const firstLine = `${result.stderr ?? ''}${result.stdout ?? ''}`.split('\n').find((l) => l.trim()) ?? 'no output';
  return result.error ? result.error.message : firstLine.trim();
}

/** Why the tray app cannot start here, or undefined when it can. */
function whyNoElectron() {
  if (process.env.MEMSYNC_HEADLESS === '1') return 'MEMSYNC_HEADLESS=1 is set';
  if (!existsSync(electronPkg)) return 'the electron package is not installed (run npm install)';
  if (!electronBinary()) {
    const failure = tryDownloadElectron();
    if (!electronBinary()) return `no Electron binary could be obtained (download failed: ${failure ?? 'unknown error'})`;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'there is no display to show a tray icon on (DISPLAY and WAYLAND_DISPLAY are unset)';
  }
  return undefined;
}

if (buildIsStale()) {
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--quiet'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const reason = whyNoElectron();
const [command, commandArgs] = reason
  ? [process.execPath, [path.join(root, 'bin', 'memsync.js'), 'serve', ...args.filter((a) => a !== '--open')]]
  : [electronBinary(), [root, ...args]];
if (reason) console.log(`memsync: ${reason}; starting the headless host (memsync serve) instead.`);

const child = spawn(command, commandArgs, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
stopChildWhenOrphaned(child);
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
