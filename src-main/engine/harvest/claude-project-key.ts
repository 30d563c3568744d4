import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Os } from '../../../src-shared/contract';

/**
 * Which folder of `~/.claude/projects` holds a working directory's sessions.
 *
 * Claude Code (2.1.332, read from its bundle and confirmed by experiment; research
 * transcripts.md §1.2) replaces every UTF-16 unit that is not an ASCII letter or digit with "-"
 * (so an emoji gives "--"), and past 200 characters keeps the first 200 and appends "-" and a
 * base-36 hash of the unsanitized path. It keys on the real path (symlinks resolved).
 *
 * memsync (Python) mapped only "/" and " " (Windows: ":", "\" and " "), keeping "." and "_": it
 * misses such projects, but folders it found under that name are still looked in.
 */
const MAX_KEY_LENGTH = 200;

export function claudeProjectKey(cwd: string): string {
  const sanitized = cwd.replace(/[^a-zA-Z0-9]/g, '-');
  if (sanitized.length <= MAX_KEY_LENGTH) return sanitized;
  return `${sanitized.slice(0, MAX_KEY_LENGTH)}-${Math.abs(stringHash(cwd)).toString(36)}`;
}

/** memsync (Python)'s `cwd_to_project_key`: the name it looked for. */
export function legacyClaudeProjectKey(cwd: string, os: Os): string {
  const separators = os === 'win32' ? /[:\\ ]/g : /[/ ]/g;
  return cwd.replace(separators, '-');
}

/** Both names, Claude Code's first. */
export function claudeProjectKeys(cwd: string, os: Os): string[] {
  return [...new Set([claudeProjectKey(cwd), legacyClaudeProjectKey(cwd, os)])];
}

/** Claude Code's 32-bit string hash (the classic `h * 31 + c`, over UTF-16 units). */
function stringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = ((hash << 5) - hash + text.charCodeAt(i)) | 0;
  return hash;
}

/**
 * The project folders under `projectsRoot` that hold `cwd`'s sessions (realpath'd first, like
 * Claude Code; the path as given when it cannot be resolved), in the order of claudeProjectKeys.
 */
export async function findClaudeProjectDirs(projectsRoot: string, cwd: string, os: Os): Promise<string[]> {
  const real = await realpath(cwd).catch(() => cwd);
  const found: string[] = [];
  for (const key of claudeProjectKeys(real, os)) {
    const dir = path.join(projectsRoot, key);
    if ((await stat(dir).catch(() => undefined))?.isDirectory()) found.push(dir);
  }
  return found;
}
