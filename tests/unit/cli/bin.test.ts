import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/repo';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

/*
 * bin/memsync.js, the command a person runs, never builds dist/ (it once rebuilt a checkout whose
 * sources were newer, 17 s under load, racing a test that read dist/). It runs the build there is
 * and says on stderr when the sources are newer. Tried on a copy of the launcher in a temp
 * "checkout" whose dist/main/cli.js is a stand-in, so the real build is never touched.
 */

let home: TempHome;
let checkout: string;

function run(args: string[]) {
  return spawnSync(process.execPath, [path.join(checkout, 'bin', 'memsync.js'), ...args], { cwd: home.home, env: home.env, encoding: 'utf8' });
}

beforeEach(async () => {
  home = await makeTempHome();
  checkout = path.join(home.home, 'checkout');
  for (const file of ['bin/memsync.js', 'scripts/build-state.mjs', 'scripts/node22.mjs', 'package.json']) {
    mkdirSync(path.dirname(path.join(checkout, file)), { recursive: true });
    cpSync(path.join(repoRoot, file), path.join(checkout, file));
  }
  mkdirSync(path.join(checkout, 'src-main'), { recursive: true });
  writeFileSync(path.join(checkout, 'src-main', 'x.ts'), 'export {};\n');
  mkdirSync(path.join(checkout, 'dist', 'main'), { recursive: true });
  mkdirSync(path.join(checkout, 'dist', 'renderer'), { recursive: true });
  writeFileSync(path.join(checkout, 'dist', 'main', 'cli.js'), "export async function main(argv) { process.stdout.write(`ran ${argv.join(' ')}\\n`); }\n");
  for (const f of ['electron-main.js', 'preload.cjs']) writeFileSync(path.join(checkout, 'dist', 'main', f), '');
  writeFileSync(path.join(checkout, 'dist', 'renderer', 'index.html'), '');
});
afterEach(() => home.cleanup());

describe('bin/memsync.js', () => {
  it('runs a current build quietly', () => {
    const past = new Date(Date.now() - 60_000);
    utimesSync(path.join(checkout, 'src-main', 'x.ts'), past, past);
    for (const f of ['bin/memsync.js', 'package.json']) utimesSync(path.join(checkout, f), past, past);
    const result = run(['status']);
    expect(result.stdout).toBe('ran status\n');
    expect(result.stderr).toBe('');
  });

  it('runs a stale build as it is and says so, without rebuilding', () => {
    const before = statSync(path.join(checkout, 'dist', 'main', 'cli.js')).mtimeMs;
    const future = new Date(Date.now() + 60_000);
    utimesSync(path.join(checkout, 'src-main', 'x.ts'), future, future);
    const result = run(['status']);
    expect(result.stdout).toBe('ran status\n');
    expect(result.stderr).toContain('newer than its build');
    expect(result.stderr).toContain('npm run build');
    expect(statSync(path.join(checkout, 'dist', 'main', 'cli.js')).mtimeMs).toBe(before);
    expect(readdirSync(path.join(checkout, 'dist', 'main')).sort()).toEqual(['cli.js', 'electron-main.js', 'preload.cjs']);
  });

  it('says how to build a copy that was never built', () => {
    rmSync(path.join(checkout, 'dist'), { recursive: true });
    const missing = run(['status']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('not built yet');
    expect(missing.stderr).toContain('npm install');
  });
});
