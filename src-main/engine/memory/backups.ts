import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Backup } from '../../../src-shared/contract/memory';
import { ApiError } from '../../../src-shared/contract/errors';
import { fsyncDir } from '../fs/atomic-write';
import { describeFsError } from '../fs/fs-errors';

/**
 * Backups of GLOBAL_MEMORY.md in memsync's naming: backups/GLOBAL_MEMORY_YYYYMMDD_HHMMSS.md (local
 * time). memsync overwrote a backup taken in the same second; here a second one gets a suffix
 * (`_2`, `_3`, …), which also sorts after the first, so "newest first by name" stays true for both
 * tools.
 */
const BACKUP_NAME = /^GLOBAL_MEMORY_(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})(?:_(\d+))?\.md$/;

const pad = (n: number) => String(n).padStart(2, '0');

export function backupStamp(date: Date): string {
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}_${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/** The local time encoded in a backup name, or undefined for names that are not backups. */
export function parseBackupName(name: string): { createdAt: Date; sequence: number } | undefined {
  const m = BACKUP_NAME.exec(name);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const createdAt = new Date(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(createdAt.getTime())) return undefined;
  return { createdAt, sequence: m[7] ? Number(m[7]) : 1 };
}

/** Orders backups newest first: by time, then by same-second sequence. */
function newestFirst(a: string, b: string): number {
  const pa = parseBackupName(a)!;
  const pb = parseBackupName(b)!;
  return pb.createdAt.getTime() - pa.createdAt.getTime() || pb.sequence - pa.sequence;
}

/**
 * Writes `content` as a new backup taken at `now`, never replacing an existing one, and never
 * leaving a half-written backup: the bytes go to a temp file (fsync'd) that is then hard-linked to
 * the final name, which fails if the name exists (then the next suffix is tried).
 */
export async function writeBackup(backupsDir: string, content: string, now: Date): Promise<string> {
  await mkdir(backupsDir, { recursive: true });
  const temp = path.join(backupsDir, `.backup-${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  const stamp = backupStamp(now);
  try {
    for (let sequence = 1; sequence < 1000; sequence++) {
      const name = sequence === 1 ? `GLOBAL_MEMORY_${stamp}.md` : `GLOBAL_MEMORY_${stamp}_${sequence}.md`;
      const final = path.join(backupsDir, name);
      try {
        await link(temp, final);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') continue;
        // Filesystems without hard links (some FUSE cloud mounts): check, then rename.
        if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV' || code === 'ENOSYS') {
          if (await stat(final).then(() => true, () => false)) continue;
          await rename(temp, final);
          await fsyncDir(backupsDir);
          return name;
        }
        throw error;
      }
      await fsyncDir(backupsDir);
      return name;
    }
    throw new Error('more than 999 backups in one second');
  } finally {
    await unlink(temp).catch(() => {});
  }
}

export async function listBackups(backupsDir: string): Promise<Backup[]> {
  let names: string[];
  try {
    names = await readdir(backupsDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const backups = names.filter((n) => parseBackupName(n)).sort(newestFirst);
  return Promise.all(
    backups.map(async (name) => ({
      name,
      createdAt: parseBackupName(name)!.createdAt.toISOString(),
      bytes: (await stat(path.join(backupsDir, name))).size,
    })),
  );
}

/** Reads a backup by name; the name must be a backup name (no paths). */
export async function readBackup(backupsDir: string, name: string): Promise<string> {
  if (!parseBackupName(name)) throw new ApiError('invalid_input', `"${name}" is not a backup name (GLOBAL_MEMORY_YYYYMMDD_HHMMSS.md).`);
  try {
    return await readFile(path.join(backupsDir, name), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ApiError('not_found', `There is no backup named ${name}.`);
    throw describeFsError(error, path.join(backupsDir, name)) ?? error;
  }
}

/**
 * Deletes backups older than `keepDays` days before `now` (by the time in their name, like
 * memsync), except the `keepNewest` newest. Only backups are touched; session logs are never pruned.
 */
export async function pruneBackups(backupsDir: string, keepDays: number, now: Date, dryRun: boolean, keepNewest = 0): Promise<string[]> {
  const cutoff = now.getTime() - keepDays * 24 * 60 * 60 * 1000;
  const old = (await listBackups(backupsDir)) // newest first
    .slice(keepNewest).filter((b) => new Date(b.createdAt).getTime() < cutoff).map((b) => b.name);
  if (!dryRun) for (const name of old) await rm(path.join(backupsDir, name), { force: true });
  return old;
}
