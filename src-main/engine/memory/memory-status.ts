import { stat } from 'node:fs/promises';
import { ApiError } from '../../../src-shared/contract/errors';
import type { MemoryStatus } from '../../../src-shared/contract/memory';
import { findConflictCopies, findPlaceholder } from './cloud-files';
import { MEMORY_FILE, memoryLayout } from './layout';
import { findRecovery, type WrittenTarget } from './recovery';
import type { MemoryStore } from './store';

export type MemoryFileStatus = Pick<MemoryStatus, 'placeholder' | 'conflictCopies' | 'recovery' | 'memory'> & {
  /** Why a GLOBAL_MEMORY.md that is there cannot be used (not text, a folder …), or null. */
  problem: string | null;
};

/**
 * What status says about GLOBAL_MEMORY.md in a usable memory root: downloaded or a placeholder,
 * conflict copies beside it, its size, and when it is missing, where it can be recovered from.
 * A file that is there but unusable is a problem in words, never taken for a missing one.
 */
export async function memoryFileStatus(root: string, store: MemoryStore | undefined, written: readonly WrittenTarget[]): Promise<MemoryFileStatus> {
  const result: MemoryFileStatus = {
    placeholder: await findPlaceholder(root, MEMORY_FILE),
    conflictCopies: await findConflictCopies(root, MEMORY_FILE),
    recovery: null,
    memory: null,
    problem: null,
  };
  if (result.placeholder) return result;
  let doc;
  try {
    doc = await store?.readIfExists();
  } catch (error) {
    result.problem = error instanceof ApiError ? error.message : `${MEMORY_FILE} cannot be read: ${(error as Error).message}`;
    return result;
  }
  if (!doc) {
    result.recovery = await findRecovery(memoryLayout(root).backupsDir, written);
    return result;
  }
  const info = await stat(memoryLayout(root).memoryFile).catch(() => undefined);
  result.memory = {
    hash: doc.hash,
    bytes: info?.size ?? Buffer.byteLength(doc.content),
    lines: doc.content === '' ? 0 : doc.content.split('\n').length - (doc.content.endsWith('\n') ? 1 : 0),
    modifiedAt: doc.modifiedAt,
  };
  return result;
}
