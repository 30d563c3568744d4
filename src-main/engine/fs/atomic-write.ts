import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** File mode for a new file (e.g. 0o600 for secrets). */
  mode?: number;
  /** Create missing parent directories (default true). */
  mkdirs?: boolean;
  /**
   * Runs once the new content is durable in its temp file, immediately before it replaces the
   * target: the last moment to look at (and back up) what is there. Throwing cancels the write.
   */
  beforeReplace?: () => Promise<void>;
}

/**
 * Replaces `file` with `data` so that a crash at any instant leaves either the old or the new
 * content, never a torn file: write a temp file in the same directory, fsync it, rename it over the
 * target (atomic on one filesystem), then fsync the directory so the rename itself is durable.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}) {
  const dir = path.dirname(file);
  if (options.mkdirs !== false) await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', options.mode ?? 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await options.beforeReplace?.();
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncDir(dir);
}

/** Makes a rename or create in `dir` durable. Windows cannot open directories; NTFS journals renames. */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some filesystems (network mounts, FUSE cloud drives) refuse fsync on directories.
  } finally {
    await handle.close();
  }
}

/**
 * What an interrupted write leaves behind: writeFileAtomic's `.<name>.<hex>.tmp`, writeBackup's
 * `.backup-<hex>.tmp`, a symlink target's `.<name>.<hex>.link`, a lock put aside while being taken
 * over (`~$memsync-<name>.lock.<hex>.stale`). In a sync folder a leftover would be uploaded to
 * every machine; next to an agent's file it would sit there forever.
 */
const LEFTOVERS: ReadonlyArray<{ pattern: RegExp; stem: (name: string) => string }> = [
  { pattern: /^\.(.+)\.[0-9a-f]{12}\.tmp$/, stem: (n) => n.slice(1, -17) },
  { pattern: /^\.backup-[0-9a-f]{12}\.tmp$/, stem: () => '' },
  { pattern: /^\.(.+)\.[0-9a-f]{8}\.link$/, stem: (n) => n.slice(1, -14) },
  { pattern: /^~\$memsync-.+\.lock\.[0-9a-f]{12}\.stale$/, stem: () => '' },
];

/**
 * Removes what interrupted writes left in `dir`. Only entries older than `olderThanMs` go, so a
 * write in progress in another process is never touched; `of` limits it to the temp files of one
 * file (a folder that is not ours, like ~/.claude, where other programs keep their own).
 */
export async function removeStaleTempFiles(dir: string, options: { of?: string; olderThanMs?: number; now?: number } = {}): Promise<string[]> {
  const { olderThanMs = 60_000, now = Date.now() } = options;
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const kind = LEFTOVERS.find((k) => k.pattern.test(name));
    if (!kind || (options.of !== undefined && kind.stem(name) !== options.of)) continue;
    const file = path.join(dir, name);
    const info = await lstat(file).catch(() => undefined);
    if ((info?.isFile() || info?.isSymbolicLink()) && now - info.mtimeMs > olderThanMs) {
      await rm(file, { force: true });
      removed.push(name);
    }
  }
  return removed;
}
