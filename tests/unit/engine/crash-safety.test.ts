import { fork } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForChild } from '../../helpers/bundle';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

let home: TempHome;
let child: string;
beforeAll(async () => {
  home = await makeTempHome();
  child = await bundleForChild(path.join(import.meta.dirname, 'children', 'atomic-writer.ts'));
});
afterAll(() => home.cleanup());

describe('a writer killed at any instant', () => {
  it('leaves the old or the new file, never a torn one, and never a torn backup', async () => {
    const file = path.join(home.home, 'GLOBAL_MEMORY.md');
    const backups = path.join(home.home, 'backups');
    const versionA = 'a'.repeat(200_000);
    const versionB = 'b'.repeat(200_000);
    await writeFile(file, versionA);
    // Kill points spread over many write phases: open, write, fsync, rename, backup link.
    for (let round = 0; round < 25; round++) {
      const proc = fork(child, [file, backups, 'a', 'b'], { stdio: 'ignore' });
      await new Promise<void>((resolve) => proc.once('message', () => resolve()));
      await new Promise((r) => setTimeout(r, 5 + ((round * 7) % 40)));
      proc.kill('SIGKILL');
      await new Promise((r) => proc.once('exit', r));
      const content = await readFile(file, 'utf8');
      expect(content === versionA || content === versionB, `round ${round}: ${content.length} bytes`).toBe(true);
    }
    for (const name of (await readdir(backups)).filter((n) => n.startsWith('GLOBAL_MEMORY_'))) {
      const content = await readFile(path.join(backups, name), 'utf8');
      expect(content === versionA || content === versionB, `backup ${name}`).toBe(true);
    }
  });
});
