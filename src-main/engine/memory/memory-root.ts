import { mkdir, stat } from 'node:fs/promises';
import type { MemoryRootState } from '../../../src-shared/contract/memory';
import type { ProviderName, Settings } from '../../../src-shared/contract/settings';
import type { Os } from '../../../src-shared/contract';
import { memoryRootFor, type FoundFolder } from '../providers/detect';
import { writeFileAtomic } from '../fs/atomic-write';
import { findPlaceholder } from './cloud-files';
import { MEMORY_FILE, memoryLayout, STARTER_TEMPLATE } from './layout';
import type { MemoryStore } from './store';

export interface ResolvedRoot {
  provider: ProviderName | null;
  syncRoot: string | null;
  memoryRoot: string | null;
  state: MemoryRootState;
  /** Why the root is not usable, in words, when state is not ok. */
  reason: string | null;
}

const isDir = (p: string) => stat(p).then((s) => s.isDirectory(), () => false);

/**
 * Where the memory lives, from settings. A provider without a saved sync folder (memsync configs)
 * is looked up with `detect`; the first folder of that provider is used.
 */
export async function resolveMemoryRoot(settings: Settings, os: Os, detect: () => FoundFolder[]): Promise<ResolvedRoot> {
  const provider = settings.provider;
  let syncRoot = settings.syncRoot;
  if (!provider && !syncRoot) {
    return { provider: null, syncRoot: null, memoryRoot: null, state: 'not-configured', reason: 'No sync folder is chosen yet. Run `memsync init`.' };
  }
  if (!syncRoot) {
    const found = detect().find((f) => f.name === provider);
    if (!found) {
      return {
        provider,
        syncRoot: null,
        memoryRoot: null,
        state: 'unavailable',
        reason: `The ${provider} folder could not be found on this machine. Set it with \`memsync config set sync_root <folder>\`.`,
      };
    }
    syncRoot = found.syncRoot;
  }
  const memoryRoot = memoryRootFor(provider ?? 'custom', syncRoot, os);
  if (!(await isDir(syncRoot))) {
    return { provider, syncRoot, memoryRoot, state: 'unavailable', reason: `The sync folder ${syncRoot} is not there (drive offline or unmounted?).` };
  }
  if (!(await isDir(memoryRoot))) {
    return { provider, syncRoot, memoryRoot, state: 'missing', reason: `There is no memory folder at ${memoryRoot} yet. Run \`memsync init\`.` };
  }
  return { provider, syncRoot, memoryRoot, state: 'ok', reason: null };
}

export interface InitResult {
  memoryRoot: string;
  /** The starter template was written (the file was absent, or --force replaced it). */
  wroteTemplate: boolean;
  /** The backup of the memory --force replaced. */
  backup: string | null;
}

/**
 * Creates the memory root (GLOBAL_MEMORY.md from the starter template, backups/, sessions/).
 * An existing memory is kept; with `force` it is replaced by the template only after a backup,
 * and an online-only placeholder is never replaced.
 */
export async function initMemoryRoot(memoryRoot: string, store: MemoryStore, force: boolean): Promise<InitResult> {
  const layout = memoryLayout(memoryRoot);
  await mkdir(layout.backupsDir, { recursive: true });
  await mkdir(layout.sessionsDir, { recursive: true });
  const placeholder = await findPlaceholder(memoryRoot, MEMORY_FILE);
  if (placeholder) {
    // An empty file may be one the cloud client has not filled in yet, so it is never treated as an
    // empty memory; but with --force the person says it really is empty, and there is nothing to lose.
    if (force && placeholder.reason === 'zero-bytes') {
      await writeFileAtomic(layout.memoryFile, STARTER_TEMPLATE);
      return { memoryRoot, wroteTemplate: true, backup: null };
    }
    return { memoryRoot, wroteTemplate: false, backup: null };
  }
  const current = await store.readIfExists();
  if (current && !force) return { memoryRoot, wroteTemplate: false, backup: null };
  const result = await store.write(STARTER_TEMPLATE, { expectedHash: current?.hash ?? null });
  return { memoryRoot, wroteTemplate: result.changed || !current, backup: result.backup };
}
