#!/usr/bin/env node
// After `electron-builder` (the release workflow, `npm run dist`): every unpacked app in release/
// has the fuses electron-builder.yml asks for, read from the real Electron binary this time.
//   node scripts/verify-packages.mjs
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { root } from './build-state.mjs';
import { configuredFuses, readFuses } from './fuses.mjs';

const release = path.join(root, 'release');
const wanted = configuredFuses(root);
// linux-unpacked/memsync-desktop, win-unpacked/memsync.exe, mac/ or mac-arm64/memsync.app
const binaries = readdirSync(release, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && /^(linux|win|mac)/.test(entry.name))
  .flatMap((dir) => ['memsync-desktop', 'memsync.exe', 'memsync.app'].map((name) => path.join(release, dir.name, name)))
  .filter((file) => existsSync(file));

if (binaries.length === 0) {
  console.error('verify-packages: no packaged app in release/ (run electron-builder first)');
  process.exit(1);
}
let failed = false;
for (const binary of binaries) {
  const fuses = await readFuses(binary);
  const ok = isDeepStrictEqual(fuses, wanted);
  failed ||= !ok;
  console.log(`${ok ? '✓' : '✗'} ${path.relative(root, binary)}: ${Object.entries(fuses).map(([k, v]) => `${k} ${v}`).join(', ')}`);
}
if (failed) {
  console.error(`verify-packages: fuses differ from electron-builder.yml (${JSON.stringify(wanted)})`);
  process.exit(1);
}
