#!/usr/bin/env node
// The `memsync` command (`npx memsync …` from the repository, or on PATH after `npm link`).
// Plain JavaScript so it starts on any Node: it moves itself onto Node >= 22.12 when needed,
// rebuilds a source checkout whose bundle is older than its sources, then runs dist/main/cli.js.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildIsStale, root } from '../scripts/build-state.mjs';
import { isNodeRecentEnough, runWithRecentNode } from '../scripts/node22.mjs';

const self = fileURLToPath(import.meta.url);

if (!isNodeRecentEnough()) {
  runWithRecentNode('node', [self, ...process.argv.slice(2)]);
} else {
  if (buildIsStale()) {
    process.stderr.write('memsync: sources changed since the last build; rebuilding first…\n');
    // The build's summary goes to stderr so that the command's stdout stays clean for scripts.
    const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--quiet'], {
      stdio: ['ignore', 2, 2],
    });
    if (result.status !== 0) {
      process.stderr.write('memsync: the build failed; see above.\n');
      process.exit(1);
    }
  }
  const { main } = await import(pathToFileURL(path.join(root, 'dist', 'main', 'cli.js')).href);
  await main(process.argv.slice(2));
}
