import { build } from 'esbuild';
import { mkdir, mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from './repo';

/**
 * Bundles a TypeScript entry into one .mjs file a child process can run with plain `node`, so
 * tests can exercise real project modules in another process (crash-safety, cross-process locks).
 */
export async function bundleForChild(entry: string): Promise<string> {
  // Inside the repository (gitignored): ESM resolves the external packages from the bundle's place.
  await mkdir(path.join(repoRoot, 'tests', '.tmp'), { recursive: true });
  const dir = await mkdtemp(path.join(repoRoot, 'tests', '.tmp', 'child-'));
  const outfile = path.join(dir, `${path.basename(entry, '.ts')}.mjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    absWorkingDir: repoRoot,
    logLevel: 'error',
  });
  return outfile;
}
