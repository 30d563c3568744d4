import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers/repo';

/** The Electron binary, if this machine has one (the npm package downloads it on first use). */
export function electronBinary(): string | undefined {
  const pkg = path.join(repoRoot, 'node_modules', 'electron');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const exe = path.join(override ?? path.join(pkg, 'dist'), readFileSync(pathFile, 'utf8'));
  return existsSync(exe) ? exe : undefined;
}

export const NO_ELECTRON = 'No Electron binary on this machine (node_modules/electron/dist is empty; it cannot be downloaded here).';
