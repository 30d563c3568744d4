#!/usr/bin/env node
// Runs a command on Node >= 22.12 (the project's `engines`).
//
// Why: electron 45, vitest 5, chokidar 6 and commander 15 need Node 22.12+, but machines (and CI
// images) still ship Node 20. When the running Node is too old, a pinned Node 22 is installed once
// from the npm registry (package `node`) into .tools/ and put first on PATH, so `node`, `npm` and
// `npx` in the command, and everything they spawn, run on it.
//
// Usage: node scripts/node22.mjs <command> [args...]
// This file must itself run on old Node versions: plain JavaScript, no dependencies.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIN_NODE = [22, 12, 0];
export const PINNED_NODE = '22.23.3';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = path.join(root, '.tools');
const toolsBin = path.join(toolsDir, 'node_modules', '.bin');

export function isNodeRecentEnough(version = process.versions.node) {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < MIN_NODE.length; i++) {
    if ((parts[i] ?? 0) !== MIN_NODE[i]) return (parts[i] ?? 0) > MIN_NODE[i];
  }
  return true;
}

/** Returns the PATH to use, installing Node 22 into .tools/ when the current Node is too old. */
export function ensureNodePath() {
  const currentPath = process.env.PATH ?? '';
  if (isNodeRecentEnough()) return currentPath;
  const nodeBin = path.join(toolsBin, process.platform === 'win32' ? 'node.cmd' : 'node');
  if (!existsSync(nodeBin)) {
    process.stderr.write(
      `memsync: Node ${process.versions.node} is older than ${MIN_NODE.join('.')}; ` +
        `installing Node ${PINNED_NODE} from the npm registry into .tools/ (once, ~10 s)\n`,
    );
    // A clean env: npm lifecycle variables of an outer `npm install` (prefix, global, …) must not
    // leak into this nested install.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')),
    );
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(
      npm,
      ['install', '--prefix', toolsDir, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `node@${PINNED_NODE}`],
      { stdio: ['ignore', 'ignore', 'inherit'], env, shell: process.platform === 'win32' },
    );
    if (result.status !== 0 || !existsSync(nodeBin)) {
      process.stderr.write(
        `memsync: could not install Node ${PINNED_NODE} into .tools/ (npm exit ${result.status}). ` +
          `Install Node >= ${MIN_NODE.join('.')} yourself and retry.\n`,
      );
      process.exit(1);
    }
  }
  return `${toolsBin}${path.delimiter}${currentPath}`;
}

/**
 * Runs `command args` with Node >= 22.12 first on PATH, forwarding termination signals, and exits
 * with the child's code.
 */
export function runWithRecentNode(command, args) {
  const PATH = ensureNodePath();
  const child = spawn(command, args, {
    stdio: 'inherit',
    env: { ...process.env, PATH },
    shell: process.platform === 'win32',
  });
  // Forward termination so `npm start` + Ctrl+C, or a supervisor's SIGTERM, stops the child.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  stopChildWhenOrphaned(child);
  child.on('exit', (code, signal) => {
    process.exit(signal ? 128 + (os.constants.signals[signal] ?? 1) : (code ?? 1));
  });
}

/**
 * `npm run serve` runs scripts through `sh -c`, and a SIGTERM to npm ends npm and the shell (dash
 * forwards nothing) but not us: we would keep the server and its port. So when our parent goes
 * away (we are re-parented), the child is stopped as if the signal had reached us.
 */
export function stopChildWhenOrphaned(child, intervalMs = 500) {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    child.kill('SIGTERM');
  }, intervalMs);
  timer.unref();
  child.on('exit', () => clearInterval(timer));
}

function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    process.stderr.write('usage: node scripts/node22.mjs <command> [args...]\n');
    process.exit(2);
  }
  runWithRecentNode(command, args);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
