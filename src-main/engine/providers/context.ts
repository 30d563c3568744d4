import type path from 'node:path';
import type { Os } from '../../../src-shared/contract';
import { pathFor } from '../platform/paths';
import { safeProbe, type FsProbe } from './probe';

/** Everything detection looks at, injected so it stays pure and testable for every OS on Linux. */
export interface DetectEnv {
  os: Os;
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  fs: FsProbe;
}

/** One folder a provider finder vouches for: it exists and is a directory. */
export interface Candidate {
  path: string;
  /** e.g. "business: Contoso", "personal", an account e-mail; null when nothing useful is known. */
  detail: string | null;
}

/** What each provider finder receives: the environment plus the right path flavour and a safe probe. */
export interface DetectContext {
  os: Os;
  home: string;
  env: DetectEnv['env'];
  fs: Required<FsProbe>;
  p: path.PlatformPath;
}

export function makeContext(e: DetectEnv): DetectContext {
  return { os: e.os, home: e.home, env: e.env, fs: safeProbe(e.fs), p: pathFor(e.os) };
}

/** A candidate when `dir` exists as a directory (an empty folder still counts), else nothing. */
export function ifDir(c: DetectContext, dir: string, detail: string | null = null): Candidate[] {
  return c.fs.isDir(dir) ? [{ path: dir, detail }] : [];
}

/**
 * An environment variable holding a folder path, cleaned up, or undefined when unset or not an
 * absolute path for this OS. Quotes are stripped because `setx GDRIVE_ROOT "G:\My Drive"` typed
 * slightly wrong (or set in a .env file) leaves them in the value, and a relative path would
 * silently resolve against whatever directory the app was started from.
 */
export function envPath(c: DetectContext, name: string): string | undefined {
  const raw = c.env[name]?.trim().replace(/^"(.*)"$/, '$1').trim();
  return raw && c.p.isAbsolute(raw) ? raw : undefined;
}

/**
 * The user's profile folder(s) on Windows: the given home, %USERPROFILE%, and the predecessor's
 * `C:\Users\<USERNAME>` guess (on %SystemDrive%), which differ only on redirected or roaming
 * profiles. Deduplicated case-insensitively, because that is how Windows compares paths.
 */
export function windowsProfiles(c: DetectContext): string[] {
  const guesses = [c.home, envPath(c, 'USERPROFILE')];
  const user = c.env.USERNAME?.trim();
  if (user && !/[\\/]/.test(user)) {
    const drive = /^[A-Za-z]:$/.test(c.env.SystemDrive ?? '') ? (c.env.SystemDrive as string) : 'C:';
    guesses.push(c.p.join(`${drive}\\`, 'Users', user));
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const g of guesses) {
    if (!g || !c.p.isAbsolute(g)) continue;
    const key = c.p.normalize(g).toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(g);
  }
  return out;
}

/** The macOS File Provider folder where current OneDrive, Google Drive and Dropbox clients live. */
export function cloudStorageDir(c: DetectContext): string {
  return c.p.join(c.home, 'Library', 'CloudStorage');
}

/** Sorted names of the sub-directories of `dir` that `match` accepts. */
export function subDirs(c: DetectContext, dir: string, match: (name: string) => boolean): string[] {
  return c.fs.listDir(dir).filter((name) => match(name) && c.fs.isDir(c.p.join(dir, name)));
}
