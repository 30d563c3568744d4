#!/usr/bin/env node
// Runs a benchmark from bench/ (TypeScript, bundled on the fly with esbuild):
//   npm run bench -- startup        (bench/startup.ts)
//   npm run bench                   (lists them)
// Benchmarks print figures; they never decide whether the tests pass.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { root } from './build-state.mjs';

const names = readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
  .map((f) => f.replace(/\.ts$/, ''));
const [name, ...args] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  console.log(`usage: npm run bench -- <name> [args]\nbenchmarks: ${names.join(', ')}`);
  process.exit(name ? 2 : 0);
}
// Inside the repository (gitignored): ESM resolves the external packages from the bundle's place.
mkdirSync(path.join(root, 'bench', '.tmp'), { recursive: true });
const outdir = mkdtempSync(path.join(root, 'bench', '.tmp', 'run-'));
const outfile = path.join(outdir, `${name}.mjs`);
await build({
  entryPoints: [path.join(root, 'bench', `${name}.ts`)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  absWorkingDir: root,
  logLevel: 'error',
  // Bundled code keeps knowing where the repository is.
  define: { 'import.meta.dirname': JSON.stringify(path.join(root, 'bench')) },
});
const result = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit', cwd: root });
rmSync(outdir, { recursive: true, force: true });
process.exit(result.status ?? 1);
