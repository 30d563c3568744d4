import { readFile } from 'node:fs/promises';
import { ApiError } from '../../../src-shared/contract/errors';
import type { MemoryRecovery } from '../../../src-shared/contract/memory';
import { findManagedBlock } from '../targets/render';
import { backupPreMemsync } from '../targets/target-files';
import { listBackups, parseBackupName, readBackup } from './backups';
import { findPlaceholder } from './cloud-files';
import { MEMORY_FILE, STARTER_TEMPLATE, type MemoryLayout } from './layout';
import type { MemoryStore } from './store';

export interface WrittenTarget {
  id: string;
  name: string;
  path: string;
  mode: 'copy' | 'symlink' | 'managed-block';
}

/** The memory as an agent's file holds it (the inside of memsync's block in managed-block mode). */
export async function memoryInTarget(t: WrittenTarget): Promise<string | undefined> {
  const text = await readFile(t.path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const content = t.mode === 'managed-block' ? findManagedBlock(text)?.inner : text;
  return content === undefined || content.trim() === '' || content.trim() === STARTER_TEMPLATE.trim() ? undefined : content;
}

/**
 * A missing GLOBAL_MEMORY.md is not a fresh start when the person's memory still exists
 * elsewhere: in the backups, or in an agent's file memsync wrote (`written`: targets memsync has a
 * record of writing; a file it never wrote is the person's own text, handled at first enable).
 * Null when nothing holds it (a true first run).
 */
export async function findRecovery(backupsDir: string, written: readonly WrittenTarget[]): Promise<MemoryRecovery | null> {
  const backups = await listBackups(backupsDir).catch(() => []);
  const agentFiles: MemoryRecovery['agentFiles'] = [];
  for (const t of written) {
    if ((await memoryInTarget(t)) !== undefined) agentFiles.push({ targetId: t.id, name: t.name, path: t.path });
  }
  if (backups.length === 0 && agentFiles.length === 0) return null;
  return { newestBackup: backups[0]?.name ?? null, agentFiles };
}

/**
 * Before a template replaces the memory in agents' files memsync wrote: each that holds a memory
 * is saved as its `.pre-memsync.bak` (a file memsync never wrote is backed up by its first write).
 */
export async function saveWrittenTargets(written: readonly WrittenTarget[]): Promise<string[]> {
  const saved: string[] = [];
  for (const t of written) if ((await memoryInTarget(t)) !== undefined) saved.push(await backupPreMemsync(t.path));
  return saved;
}

/** What to do, in words: restore the newest backup, or take an agent's file. */
export function recoveryAdvice(r: MemoryRecovery): string {
  const ways: string[] = [];
  if (r.newestBackup) ways.push(`\`memsync restore\` puts back the newest backup (${r.newestBackup})`);
  if (r.agentFiles[0]) ways.push(`\`memsync init --from ${r.agentFiles[0].targetId}\` takes ${r.agentFiles[0].path}`);
  const where = [r.newestBackup ? 'the backups' : null, ...r.agentFiles.map((f) => f.path)].filter(Boolean).join(' and ');
  const verb = r.newestBackup || r.agentFiles.length > 1 ? 'hold' : 'holds';
  return `GLOBAL_MEMORY.md is missing, but ${where} still ${verb} your memory: ${ways.join('; or ')}.`;
}

/**
 * Before init writes the template: a missing GLOBAL_MEMORY.md whose content still exists is
 * recreated from the source the person named (`from`: a backup name or an agent's id); without
 * one, init refuses rather than fan a blank template out over it, unless told to start over
 * (`force`). Returns the source used.
 */
export async function recreateMissing(
  layout: MemoryLayout,
  store: MemoryStore,
  input: { force?: boolean | undefined; from?: string | undefined },
  targets: { written: readonly WrittenTarget[]; all: readonly WrittenTarget[] },
): Promise<string | null> {
  const exists = (await store.readIfExists().catch(() => undefined)) !== undefined || (await findPlaceholder(layout.root, MEMORY_FILE)) !== null;
  if (exists) {
    if (input.from) throw new ApiError('invalid_input', `${MEMORY_FILE} exists; --from only recreates a missing one (memsync restore puts back a backup).`);
    return null;
  }
  if (input.from) {
    await store.write(await recoverySource(layout, input.from, targets.all), { expectedHash: null });
    return input.from;
  }
  const recovery = await findRecovery(layout.backupsDir, targets.written);
  if (recovery && !input.force) {
    throw new ApiError('conflict', `${recoveryAdvice(recovery)} To start from the blank template instead: memsync init --force (agents' files are backed up first).`, { recovery });
  }
  return null;
}

async function recoverySource(layout: MemoryLayout, from: string, all: readonly WrittenTarget[]): Promise<string> {
  if (parseBackupName(from)) return readBackup(layout.backupsDir, from);
  const t = all.find((c) => c.id === from);
  if (!t) throw new ApiError('invalid_input', `"${from}" is neither a backup name nor an agent (memsync targets lists them).`);
  const content = await memoryInTarget(t);
  if (content === undefined) throw new ApiError('invalid_input', `${t.path} holds no memory to take.`);
  return content;
}
