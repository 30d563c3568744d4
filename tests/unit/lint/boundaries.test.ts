import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/repo';

// The real eslint.config.js, applied to code placed (virtually) in each folder.
const eslint = new ESLint({ cwd: repoRoot });

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return result!.messages
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

describe('import boundaries (ARCHITECTURE.md §4)', () => {
  it.each([
    ['src-main/engine/probe.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['src-main/engine/notes/probe.ts', "export const load = () => import('electron');"],
    ['src-main/engine/probe.ts', "// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const e = require('electron');"],
    ['src-shared/probe.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;"],
    ['src-renderer/src/probe.ts', "import { shell } from 'electron';\nexport const s = shell;"],
    ['src-renderer/src/Probe.svelte', "<script lang=\"ts\">\n  import { shell } from 'electron';\n  shell;\n</script>"],
  ])('%s may not import electron', async (file, code) => {
    const errors = await boundaryErrors(file, code);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(/electron/);
  });

  it.each([
    ['src-shared/probe.ts', "import { readFile } from 'node:fs/promises';\nexport const r = readFile;"],
    ['src-shared/probe.ts', "import path from 'path';\nexport const p = path;"],
    ['src-renderer/src/probe.ts', "import { createHash } from 'crypto';\nexport const c = createHash;"],
    ['src-renderer/src/probe.ts', "import os from 'node:os';\nexport const o = os;"],
  ])('%s may not import Node built-ins', async (file, code) => {
    expect((await boundaryErrors(file, code)).join('\n')).toMatch(/no Node built-ins/);
  });

  it.each([
    ['src-main/engine/probe.ts', "import { startServer } from '../server';\nexport const s = startServer;", /hosts/],
    ['src-main/engine/fs/probe.ts', "import { bootstrap } from '../../electron/app-lifecycle';\nexport const b = bootstrap;", /hosts|electron/],
    ['src-shared/contract/probe.ts', "import { createEngine } from '../../src-main/engine';\nexport const c = createEngine;", /imports neither/],
    ['src-renderer/src/probe.ts', "import { createEngine } from '../../src-main/engine';\nexport const c = createEngine;", /shared contract/],
  ])('%s may not reach across layers', async (file, code, message) => {
    expect((await boundaryErrors(file, code)).join('\n')).toMatch(message);
  });

  it.each([
    ['src-main/electron/probe.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['src-shared/contract/probe.ts', "import { METHOD_NAMES } from './methods';\nimport { z } from 'zod/mini';\nexport const x = [METHOD_NAMES, z];"],
    ['src-renderer/src/probe.ts', "import { createClient } from '../../src-shared/client';\nexport const c = createClient;"],
    ['src-main/engine/probe.ts', "import { readFile } from 'node:fs/promises';\nimport { ApiError } from '../../src-shared/contract';\nexport const x = [readFile, ApiError];"],
  ])('%s is allowed what its layer may use', async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });
});
