import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './fs/atomic-write';

/**
 * A name for this machine that stays the same across runs and differs from every other machine,
 * even two called "MacBook-Pro": the hostname plus a random suffix made once and kept in the
 * user-data folder. Used for files one machine writes in the shared memory root.
 */
export async function loadMachineId(userDataDir: string, hostname: string): Promise<string> {
  const file = path.join(userDataDir, 'machine-id');
  const existing = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (/^[A-Za-z0-9._-]{1,80}$/.test(existing)) return existing;
  const base = hostname.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'machine';
  const id = `${base}-${randomBytes(3).toString('hex')}`;
  await writeFileAtomic(file, `${id}\n`);
  return id;
}
