#!/usr/bin/env node
// `npm run dist`: the installers of this OS in release/ (macOS: dmg + zip, Windows: NSIS,
// Linux: AppImage + deb), unsigned unless the signing variables of electron-builder.yml are set.
// Needs the Electron download (github.com). Extra arguments go to electron-builder, e.g.
//   npm run dist -- --linux deb
import { spawnSync } from 'node:child_process';
import { root } from './build-state.mjs';

const step = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status || 1);
};
step(process.execPath, ['scripts/build.mjs', '--quiet']);
step('npx', ['electron-builder', '--publish', 'never', ...process.argv.slice(2)]);
step(process.execPath, ['scripts/verify-packages.mjs']);
