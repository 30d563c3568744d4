import { randomBytes } from 'node:crypto';
import { copyFile, lstat, mkdir, readFile, readlink, rename, rm, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write';
import { hashText } from '../memory/layout';

export interface TargetFile {
  exists: boolean;
  isSymlink: boolean;
  /** Where a symlink points (resolved to an absolute path). */
  linkTarget: string | null;
  /** The file a symlink resolves to, as device:inode (null for regular files and dangling links). */
  resolvedId: string | null;
  /** When the file (the link itself, for a link) was last modified; null when absent. */
  mtimeMs: number | null;
  /** The text read through the path (follows symlinks); null when absent or unreadable. */
  content: string | null;
  hash: string | null;
  /**
   * Why a file that is there could not be read (EACCES after a `sudo` edit, say); null otherwise.
   * Such a file is never replaced: nothing could back it up first. A dangling link is not unreadable.
   */
  readError: string | null;
}

const ABSENT: TargetFile = { exists: false, isSymlink: false, linkTarget: null, resolvedId: null, mtimeMs: null, content: null, hash: null, readError: null };

/** A file's identity (device and inode): two paths naming one file have the same one. */
export async function fileIdentity(file: string): Promise<string | null> {
  return stat(file).then((s) => `${s.dev}:${s.ino}`, () => null);
}

export async function inspectTargetFile(file: string): Promise<TargetFile> {
  let info;
  try {
    info = await lstat(file);
  } catch {
    return ABSENT;
  }
  let isSymlink = info.isSymbolicLink();
  let linkTarget: string | null = null;
  if (isSymlink) {
    // The file may change kind between lstat and readlink (memsync (Python) renames it and links
    // in its place; we replace a link by a copy): EINVAL then means "a regular file now".
    linkTarget = await readlink(file).then(
      (target) => path.resolve(path.dirname(file), target),
      () => null,
    );
    isSymlink = linkTarget !== null;
  }
  const resolvedId = isSymlink ? await fileIdentity(file) : null;
  let content: string | null = null;
  let readError: string | null = null;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') readError = code ?? (error as Error).message;
  }
  return { exists: true, isSymlink, linkTarget, resolvedId, mtimeMs: info.mtimeMs, content, hash: content === null ? null : hashText(content), readError };
}

/** memsync's backup name for a target: CLAUDE.md → CLAUDE.pre-memsync.bak (then .1.bak, .2.bak …). */
export function preMemsyncBackupName(fileName: string, n: number): string {
  const ext = path.extname(fileName);
  const stem = ext && ext !== fileName ? fileName.slice(0, -ext.length) : fileName;
  return n === 0 ? `${stem}.pre-memsync.bak` : `${stem}.pre-memsync.${n}.bak`;
}

/**
 * Saves what a target held before memsync first wrote it (or `source`, another file's text), next
 * to it under the first free backup name, never replacing an earlier backup. Returns its path.
 */
export async function backupPreMemsync(file: string, source = file): Promise<string> {
  for (let n = 0; n < 1000; n++) {
    const backup = path.join(path.dirname(file), preMemsyncBackupName(path.basename(file), n));
    if (await stat(backup).then(() => false, () => true)) {
      try {
        // COPYFILE_EXCL: fail rather than overwrite if another process took the name meanwhile.
        await copyFile(source, backup, 1);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw error;
      }
      return backup;
    }
  }
  throw new Error(`too many pre-memsync backups of ${file}`);
}

/**
 * Puts the person's original back under its backup name when something replaced the file there:
 * memsync (Python) renames the CLAUDE.md it finds onto `CLAUDE.pre-memsync.bak`, which is our copy
 * of their original (spec §5). Text found under the name is given a name of its own first, unless
 * it is only what memsync itself wrote (`ownTexts`). A backup the person deleted stays deleted.
 * Returns true when the original was put back.
 */
export async function keepOriginalBackup(file: string, original: { backup: string; text: string }, ownTexts: ReadonlyArray<string | null>): Promise<boolean> {
  const there = await readFile(original.backup, 'utf8').catch(() => null);
  if (there === null || there === original.text) return false;
  if (there.trim() !== '' && !ownTexts.includes(there)) await backupPreMemsync(file, original.backup);
  await writeFileAtomic(original.backup, original.text);
  return true;
}

/** Atomic replacement with text; a symlink at `file` is replaced by a regular file. */
export async function writeTargetCopy(file: string, text: string): Promise<void> {
  await writeFileAtomic(file, text);
}

export type SymlinkOutcome = { linked: true } | { linked: false; reason: string };

/**
 * Points `file` at `memoryFile` with a symlink, atomically (a temp link renamed over the file).
 * Where links are not permitted (Windows without Developer Mode, some mounts) it reports why, and
 * the caller falls back to a copy.
 */
export async function writeTargetSymlink(file: string, memoryFile: string): Promise<SymlinkOutcome> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.link`);
  try {
    await symlink(memoryFile, temp, 'file');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { linked: false, reason: `symbolic links are not permitted here (${code})` };
  }
  try {
    await rename(temp, file);
    return { linked: true };
  } catch (error) {
    await rm(temp, { force: true });
    return { linked: false, reason: `the link could not replace the file (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}

export async function pathExists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}

/** A shadowing file wins only when it exists and is not empty (Codex AGENTS.override.md). */
export async function firstNonEmpty(paths: readonly string[]): Promise<string | null> {
  for (const p of paths) {
    const size = await stat(p).then((s) => (s.isFile() ? s.size : 0), () => 0);
    if (size > 0) {
      const text = await readFile(p, 'utf8').catch(() => '');
      if (text.trim() !== '') return p;
    }
  }
  return null;
}
