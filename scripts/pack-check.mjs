#!/usr/bin/env node
// Packs the app offline and checks what ships:
//   node scripts/pack-check.mjs
// electron-builder normally downloads the Electron zip from GitHub; `electronDist` pointing at an
// unpacked stub (an executable named `electron` carrying Electron's fuse wire, a locale, a version
// file) lets `--linux dir` run without network. The result is not runnable, but app.asar, the
// unpacked native module and the flipped fuses are exactly what would ship.
import { listPackage } from '@electron/asar';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { root } from './build-state.mjs';
import { configuredFuses, fuseWireBytes, readFuses } from './fuses.mjs';

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
// A shell script that exits, followed by the fuse wire electron-builder's @electron/fuses flips.
writeFileSync(path.join(stub, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\necho "stub electron: not runnable"\nexit 1\n'), fuseWireBytes(), Buffer.from('\n')]));
chmodSync(path.join(stub, 'electron'), 0o755);
writeFileSync(path.join(stub, 'locales', 'en-US.pak'), '');
writeFileSync(path.join(stub, 'version'), electronVersion);

const output = path.join(root, 'release');
rmSync(output, { recursive: true, force: true });
const started = performance.now();
// A checkout may have no GitHub remote to take the release feed's owner from: name one, so the
// feed electron-updater reads is written and checked all the same.
const feed = ['-c.publish.owner=OWNER', '-c.publish.repo=memsync-desktop'];
run('npx', ['electron-builder', '--linux', 'dir', '--publish', 'never', `-c.electronDist=${stub}`, ...feed]);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
rmSync(stub, { recursive: true, force: true });

const unpackedApp = path.join(output, 'linux-unpacked');
const asar = path.join(unpackedApp, 'resources', 'app.asar');
const entries = listPackage(asar, { isPack: false }).map((e) => e.replaceAll('\\', '/'));
const mustHave = [
  '/package.json',
  '/dist/main/electron-main.js',
  '/dist/main/preload.cjs',
  '/dist/main/cli.js',
  '/dist/renderer/index.html',
  '/dist/renderer/quick-note.html',
  ...['normal', 'attention', 'approval', 'error', 'paused'].flatMap((s) => [`/dist/icons/tray/tray-${s}.png`, `/dist/icons/tray/tray-${s}Template.png`, `/dist/icons/tray/tray-${s}.ico`]),
  '/dist/icons/app/png/256x256.png',
  '/node_modules/zod/package.json',
  '/node_modules/electron-updater/package.json',
];
const mustNotHave = [
  /^\/src-/, /^\/tests\//, /^\/scripts\//, /\.ts$/, /\.map$/, /\/\.vite\//, /^\/dist\/renderer\/.*\.(br|gz)$/,
  /^\/dist\/icons\/app\/icon\.(icns|ico|png)$/, // installer icons live outside the app
  /^\/node_modules\/(electron|vitest|vite|svelte|typescript|eslint|@resvg|png2icons|png-to-ico|yaml|@playwright)\//,
];
const problems = [];
for (const p of mustHave.filter((e) => !entries.includes(e))) problems.push(`missing from app.asar: ${p}`);
for (const e of entries.filter((x) => mustNotHave.some((re) => re.test(x))).slice(0, 20)) problems.push(`should not ship: ${e}`);

// Native modules cannot load from inside app.asar: the keychain binary must be unpacked beside it
// (scripts/after-pack.cjs already failed the pack otherwise; this says what was found).
const keyring = path.join(unpackedApp, 'resources', 'app.asar.unpacked', 'node_modules', '@napi-rs', `keyring-${process.platform}-${process.arch}-gnu`);
if (!existsSync(keyring)) problems.push(`not unpacked: ${path.relative(output, keyring)} (the native keychain module)`);

// The fuses as electron-builder flipped them in the (stub) binary, against electron-builder.yml.
const fuses = await readFuses(path.join(unpackedApp, 'memsync-desktop'));
const wanted = configuredFuses(root);
if (!isDeepStrictEqual(fuses, wanted)) problems.push(`fuses differ from electron-builder.yml:\n    packed ${JSON.stringify(fuses)}\n    wanted ${JSON.stringify(wanted)}`);

// The auto-updater's feed, and the installers' icons (used by the real targets, not by `dir`).
const updateFeed = path.join(unpackedApp, 'resources', 'app-update.yml');
if (!existsSync(updateFeed)) problems.push('no resources/app-update.yml (electron-updater would not know where to look)');
else if (!/provider: github/.test(readFileSync(updateFeed, 'utf8'))) problems.push('app-update.yml does not name GitHub Releases');
for (const icon of ['icon.icns', 'icon.ico', 'png/512x512.png', 'png/16x16.png']) {
  if (!existsSync(path.join(root, 'dist', 'icons', 'app', icon))) problems.push(`installer icon not built: dist/icons/app/${icon}`);
}

console.log(`\napp.asar: ${entries.length} entries, ${(statSync(asar).size / 1024 / 1024).toFixed(1)} MB (packed in ${seconds} s)`);
console.log(`fuses: ${Object.entries(fuses).map(([k, v]) => `${k} ${v}`).join(', ')}`);
if (problems.length) {
  console.error(`pack-check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('pack-check: app.asar holds the bundles, the renderer, the tray icons and production dependencies only; the keychain module is unpacked; the fuses are flipped as configured; the update feed and installer icons are there');
