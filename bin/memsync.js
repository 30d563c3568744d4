#!/usr/bin/env node
// The `memsync` command (on PATH after `npm install -g .` or `npm link` in the clone, or
// `npm run memsync -- …` inside it). Plain JavaScript so it starts on any Node: it moves itself
// onto Node >= 22.12 when needed, then runs dist/main/cli.js.
//
// It never builds: a person's command must not spend 20 s rebuilding, nor race a test that
// reads dist/ meanwhile. `npm install` builds (the `prepare` script) and `npm run build` does;
// a development checkout whose sources are newer than its build says so on stderr.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildIsStale, root } from '../scripts/build-state.mjs';
import { isNodeRecentEnough, runWithRecentNode } from '../scripts/node22.mjs';

const self = fileURLToPath(import.meta.url);

if (!isNodeRecentEnough()) {
  runWithRecentNode('node', [self, ...process.argv.slice(2)]);
} else {
  const cli = path.join(root, 'dist', 'main', 'cli.js');
  if (!existsSync(cli)) {
    process.stderr.write(`memsync: this copy is not built yet (no ${path.relative(process.cwd(), cli) || cli}). Run \`npm install\` or \`npm run build\` in ${root}.\n`);
    process.exit(1);
  }
  if (buildIsStale()) {
    process.stderr.write(`memsync: the sources in ${root} are newer than its build, which runs as it is; \`npm run build\` there updates it.\n`);
  }
  const { main } = await import(pathToFileURL(cli).href);
  await main(process.argv.slice(2));
}
