import { createHash } from 'node:crypto';
import path from 'node:path';

/**
 * The memory root's layout, shared with memsync (Python) so a person can switch or run both:
 *   GLOBAL_MEMORY.md, backups/, sessions/, harvested.json, usage.jsonl
 * plus what this app adds: proposals/ and inbox/.
 */
export const MEMORY_FILE = 'GLOBAL_MEMORY.md';

export interface MemoryLayout {
  root: string;
  memoryFile: string;
  backupsDir: string;
  sessionsDir: string;
  harvestedFile: string;
  usageFile: string;
  proposalsDir: string;
  inboxDir: string;
}

export function memoryLayout(root: string): MemoryLayout {
  return {
    root,
    memoryFile: path.join(root, MEMORY_FILE),
    backupsDir: path.join(root, 'backups'),
    sessionsDir: path.join(root, 'sessions'),
    harvestedFile: path.join(root, 'harvested.json'),
    usageFile: path.join(root, 'usage.jsonl'),
    proposalsDir: path.join(root, 'proposals'),
    inboxDir: path.join(root, 'inbox'),
  };
}

/** The memory format version this app writes in the first-line comment (memsync wrote v0.2). */
export const MEMORY_FORMAT_VERSION = '0.2';

/** memsync's starter template, byte for byte, so both tools start people off the same way. */
export const STARTER_TEMPLATE = `<!-- memsync v${MEMORY_FORMAT_VERSION} -->
# Global Memory

> Loaded by Claude Code at session start on all machines and projects.
> Edit directly or run: memsync refresh --notes "..."

## Identity & context
- (Fill this in — who you are, your roles, active projects)

## Current priorities
- (What you're working on right now)

## Standing preferences
- (How you like to work — communication style, output format, etc.)

## Hard constraints
- (Rules that must never be lost or softened through compaction)
`;

/** Content hash used everywhere a version of a text is compared (sha256, hex). */
export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
