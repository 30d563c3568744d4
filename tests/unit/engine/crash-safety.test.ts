import { fork } from 'node:child_process';
import { lstat, lutimes, mkdir, readdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForChild } from '../../helpers/bundle';
import { createTestEngine } from '../../helpers/test-engine';
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

describe('what interrupted writes leave behind', () => {
  it('is removed at start wherever atomic writes happen; other programs\' temp files stay', async () => {
    const h = await makeTempHome();
    try {
      const engine = createTestEngine(h.home, { watch: false });
      const sync = path.join(h.home, 'Sync');
      await mkdir(sync);
      await engine.start();
      await engine.api.initMemoryRoot({ provider: 'custom', syncRoot: sync });
      await engine.stop();
      const root = path.join(sync, '.claude-memory');
      const userData = path.join(h.home, '.config', 'memsync-desktop');
      const claude = path.join(h.home, '.claude');
      const leftovers = [
        path.join(root, 'backups', '.backup-0123456789ab.tmp'),
        path.join(root, 'proposals', '.p-abc-123456.json.0123456789ab.tmp'),
        path.join(root, '~$memsync-memory.lock.0123456789ab.stale'),
        path.join(claude, '.CLAUDE.md.0123456789ab.tmp'),
        path.join(userData, '.secrets.json.0123456789ab.tmp'),
        path.join(userData, 'foreign-edits', '.claude-code-1.json.0123456789ab.tmp'),
      ];
      const theirs = [path.join(claude, '.settings.json.0123456789ab.tmp'), path.join(root, 'backups', '.backup-0123456789ab.tmp.keep')];
      const old = new Date(Date.now() - 10 * 60_000);
      for (const file of [...leftovers, ...theirs]) {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, 'half a write');
        await utimes(file, old, old);
      }
      const link = path.join(claude, '.CLAUDE.md.0123abcd.link');
      await symlink(path.join(root, 'GLOBAL_MEMORY.md'), link);
      await lutimes(link, old, old);

      const again = createTestEngine(h.home, { watch: false });
      await again.start();
      await again.stop();
      for (const file of [...leftovers, link]) await expect(lstat(file), file).rejects.toThrow();
      for (const file of theirs) expect((await lstat(file)).isFile(), file).toBe(true);
    } finally {
      await h.cleanup();
    }
  });
});
