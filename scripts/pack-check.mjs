#!/usr/bin/env node
// Packs the app offline and checks what ships in app.asar:
//   node scripts/pack-check.mjs
// electron-builder normally downloads the Electron zip from GitHub; `electronDist` pointing at an
// unpacked stub (an executable named `electron`, a locale, a version file) lets `--linux dir`
// run without network. The result is not runnable, but app.asar is exactly what would ship.
import { listPackage } from '@electron/asar';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from './build-state.mjs';

const run = (cmd, args, opts = {}) => {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (result.status !== 0) {
    console.error(`pack-check: ${cmd} ${args.join(' ')} failed`);
    process.exit(1);
  }
};

run(process.execPath, ['scripts/build.mjs', '--quiet']);

const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const stub = mkdtempSync(path.join(tmpdir(), 'memsync-electron-stub-'));
mkdirSync(path.join(stub, 'locales'));
mkdirSync(path.join(stub, 'resources'));
writeFileSync(path.join(stub, 'electron'), '#!/bin/sh\necho "stub electron: not runnable"\nexit 1\n');
chmodSync(path.join(stub, 'electron'), 0o755);
writeFileSync(path.join(stub, 'locales', 'en-US.pak'), '');
writeFileSync(path.join(stub, 'version'), electronVersion);

const output = path.join(root, 'release');
rmSync(output, { recursive: true, force: true });
const started = performance.now();
run('npx', ['electron-builder', '--linux', 'dir', '--publish', 'never', `-c.electronDist=${stub}`]);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
rmSync(stub, { recursive: true, force: true });

const asar = path.join(output, 'linux-unpacked', 'resources', 'app.asar');
const entries = listPackage(asar, { isPack: false }).map((e) => e.replaceAll('\\', '/'));
const mustHave = [
  '/package.json',
  '/dist/main/electron-main.js',
  '/dist/main/preload.cjs',
  '/dist/main/cli.js',
  '/dist/renderer/index.html',
  '/dist/renderer/quick-note.html',
  '/assets/tray.png',
  '/assets/trayTemplate.png',
  '/node_modules/zod/package.json',
];
const mustNotHave = [/^\/src-/, /^\/tests\//, /\.ts$/, /\.map$/, /^\/node_modules\/(electron|vitest|vite|svelte|typescript|eslint)\//, /\/\.vite\//, /^\/dist\/renderer\/.*\.(br|gz)$/];
const missing = mustHave.filter((p) => !entries.includes(p));
// Native modules cannot load from inside app.asar; electron-builder must have unpacked them.
const unpacked = path.join(output, 'linux-unpacked', 'resources', 'app.asar.unpacked');
const keyring = path.join(unpacked, 'node_modules', '@napi-rs', `keyring-${process.platform}-${process.arch}-gnu`);
if (process.platform === 'linux' && !existsSync(keyring)) missing.push(`${path.relative(output, keyring)} (native keychain module, unpacked)`);
const unwanted = entries.filter((e) => mustNotHave.some((re) => re.test(e)));

console.log(`\napp.asar: ${entries.length} entries, ${(statSync(asar).size / 1024 / 1024).toFixed(1)} MB (packed in ${seconds} s)`);
if (missing.length) console.error(`missing from app.asar:\n  ${missing.join('\n  ')}`);
if (unwanted.length) console.error(`should not ship:\n  ${unwanted.slice(0, 20).join('\n  ')}`);
if (missing.length || unwanted.length) process.exit(1);
console.log('pack-check: app.asar holds the bundles, the renderer, the icons and production dependencies only');
