import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** A temporary folder for one test file's tests: made before them, removed after. */
export function useTempDir(prefix: string) {
  let dir = '';
  let n = 0;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), prefix));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const newPath = () => path.join(dir, `f${n++}.jsonl`);
  return {
    /** A path for a new file in the folder. */
    newPath,
    /** A new file holding `content`. */
    async write(content: string | Buffer): Promise<string> {
      const file = newPath();
      await writeFile(file, content);
      return file;
    },
  };
}
