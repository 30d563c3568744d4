import { chmod, mkdir } from 'node:fs/promises';

/**
 * A folder only its owner can enter (0700), also when it already existed with the default 0755
 * (mkdir's mode applies only to a folder it creates, and other code may have made it first).
 * Windows has no such modes; its profile folders are private already.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') await chmod(dir, 0o700);
}
