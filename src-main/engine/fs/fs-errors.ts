import { ApiError } from '../../../src-shared/contract/errors';

/*
 * Filesystem failures said so that a person can act on them, naming the path: a file replaced by
 * a folder (EISDIR), a folder by a file, permissions, a full or read-only disk. Without this they
 * reached people as a raw `EISDIR` or as "something went wrong" (a 500).
 */
const MESSAGES: Record<string, (where: string) => string> = {
  EISDIR: (p) => `${p} is a folder where memsync keeps a file; move the folder away (or rename it) and try again.`,
  ENOTDIR: (p) => `A part of ${p} is a file where a folder should be; move that file away and try again.`,
  EACCES: (p) => `memsync is not allowed to use ${p} (permission denied); check who owns it and its permissions.`,
  EPERM: (p) => `memsync is not allowed to change ${p} (operation not permitted); check its permissions, or whether another program holds it.`,
  EROFS: (p) => `${p} is on a read-only drive; nothing was written.`,
  ENOSPC: (p) => `The disk holding ${p} is full; nothing was written.`,
  EDQUOT: (p) => `The disk quota for ${p} is used up; nothing was written.`,
  ELOOP: (p) => `${p} is a loop of symbolic links.`,
  ENAMETOOLONG: (p) => `The path ${p} is too long for this system.`,
  EIO: (p) => `The drive holding ${p} reported an input/output error; it may be failing or disconnected.`,
  EMFILE: () => 'Too many files are open right now; try again in a moment.',
  ENFILE: () => 'Too many files are open on this system right now; try again in a moment.',
};

/** The person's version of a filesystem error, or undefined for anything else. */
export function describeFsError(error: unknown, path?: string): ApiError | undefined {
  if (error instanceof ApiError || !(error instanceof Error)) return undefined;
  const { code, path: errorPath } = error as NodeJS.ErrnoException;
  const message = code === undefined ? undefined : MESSAGES[code];
  const where = errorPath ?? path;
  if (!message || where === undefined) return undefined;
  return new ApiError('unavailable', message(where), { path: where, errno: code });
}
