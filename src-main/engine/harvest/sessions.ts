import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseJsonOrUndefined } from '../fs/read-json';
import { isObject } from './records/types';
import type { SourceDefinition, SourceId } from './sources';

/** One session transcript on this machine. */
export interface SessionFile {
  source: SourceId;
  path: string;
  /** The path below the source's root with "/" between folders: unique per source (the cursors' key). */
  key: string;
  /** The file name without .jsonl: Claude Code's session id, and harvested.json's key. */
  stem: string;
  /** The session's id as the agent names it (a note's `harvest:<agent>:<session>`). */
  session: string;
  /** A sub-agent transcript's parent session id; null for a main session. */
  parent: string | null;
  size: number;
  mtimeMs: number;
  /** The project folder the layout names (Gemini CLI's .project_root); null when the records say it. */
  project: string | null;
}

export interface ListOptions {
  /** List sub-agent transcripts too. Default false. */
  includeSidechains?: boolean;
}

/**
 * Every session of `source` below `root`, oldest first (by last write): harvesting in the order
 * things happened lets a later session's facts supersede an earlier one's, where memsync (Python)
 * went newest first. A missing root is no session; an unreadable folder inside it is skipped.
 */
export async function listSessions(source: SourceDefinition, root: string, options: ListOptions = {}): Promise<SessionFile[]> {
  const found: Array<Omit<SessionFile, 'size' | 'mtimeMs'>> = [];
  const add = (file: string, parent: string | null, project: string | null) => {
    const stem = path.basename(file, '.jsonl');
    const key = path.relative(root, file).split(path.sep).join('/');
    found.push({ source: source.id, path: file, key, stem, session: sessionId(source.id, stem), parent, project });
  };
  const sidechains = options.includeSidechains ?? false;
  for (const dir of await subfolders(root)) {
    const folder = path.join(root, dir);
    if (source.id === 'claude-code') {
      for (const name of await filesIn(folder)) if (name.endsWith('.jsonl')) add(path.join(folder, name), null, null);
      // <project>/<session id>/subagents/agent-<id>.jsonl
      if (sidechains) {
        for (const session of await subfolders(folder)) {
          const subagents = path.join(folder, session, 'subagents');
          for (const name of await filesIn(subagents)) if (name.endsWith('.jsonl')) add(path.join(subagents, name), session, null);
        }
      }
    } else if (source.id === 'codex') {
      // YYYY/MM/DD/rollout-*.jsonl
      for (const month of await subfolders(folder)) {
        for (const day of await subfolders(path.join(folder, month))) {
          const dayFolder = path.join(folder, month, day);
          for (const name of await filesIn(dayFolder)) if (name.startsWith('rollout-') && name.endsWith('.jsonl')) add(path.join(dayFolder, name), null, null);
        }
      }
    } else {
      const chats = path.join(folder, 'chats');
      const project = await geminiProjectRoot(root, dir);
      for (const name of await filesIn(chats)) if (name.startsWith('session-') && name.endsWith('.jsonl')) add(path.join(chats, name), null, project);
      if (sidechains) {
        for (const parent of await subfolders(chats)) {
          for (const name of await filesIn(path.join(chats, parent))) if (name.endsWith('.jsonl')) add(path.join(chats, parent, name), parent, project);
        }
      }
    }
  }
  const sessions: SessionFile[] = [];
  for (const session of found) {
    const info = await stat(session.path).catch(() => undefined);
    if (info?.isFile()) sessions.push({ ...session, size: info.size, mtimeMs: info.mtimeMs });
  }
  return sessions.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.key < b.key ? -1 : 1));
}

/** Codex names its rollouts `rollout-<start time>-<thread id>`; the others name files by their session. */
function sessionId(source: SourceId, stem: string): string {
  if (source !== 'codex') return stem;
  return /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(stem)?.[1] ?? stem;
}

async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name).sort();
}

/**
 * The project folder of a Gemini CLI project directory: its `.project_root` marker, else the entry
 * of `~/.gemini/projects.json` that maps to it (by short id, or, for directories from before the
 * short ids, by the SHA-256 of the project path they are named after).
 */
async function geminiProjectRoot(tmpRoot: string, dir: string): Promise<string | null> {
  const marker = await readFile(path.join(tmpRoot, dir, '.project_root'), 'utf8').catch(() => '');
  if (marker.trim()) return marker.trim();
  const registry = parseJsonOrUndefined(await readFile(path.join(tmpRoot, '..', 'projects.json'), 'utf8').catch(() => ''));
  if (!isObject(registry) || !isObject(registry.projects)) return null;
  for (const [root, shortId] of Object.entries(registry.projects)) {
    if (shortId === dir || createHash('sha256').update(root).digest('hex') === dir) return root;
  }
  return null;
}
