import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { MemoryDoc, WriteResult } from '../../../src-shared/contract/memory';
import { ApiError } from '../../../src-shared/contract/errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { describeFsError } from '../fs/fs-errors';
import type { FileLocks } from '../fs/lock';
import type { Clock } from '../services';
import { writeBackup } from './backups';
import { findPlaceholder } from './cloud-files';
import { hashText, MEMORY_FILE, type MemoryLayout } from './layout';

export interface WriteOptions {
  /**
   * Compare-and-swap: the hash the caller's change is based on. The write fails with a conflict
   * when the file changed since (null: the caller expects no file yet). Omit only for writes that
   * must win (init of an absent file).
   */
  expectedHash?: string | null;
}

/**
 * GLOBAL_MEMORY.md: reads return content and hash; writes are compare-and-swap, take a backup of
 * the replaced content first, and are atomic. Writers are serialized by a lock in the memory root.
 */
export class MemoryStore {
  readonly layout: MemoryLayout;
  readonly #locks: FileLocks;
  readonly #clock: Clock;

  constructor(layout: MemoryLayout, locks: FileLocks, clock: Clock) {
    this.layout = layout;
    this.#locks = locks;
    this.#clock = clock;
  }

  /** The memory, or undefined when there is no file. An online-only placeholder is an error, not "empty". */
  async readIfExists(): Promise<MemoryDoc | undefined> {
    const placeholder = await findPlaceholder(this.layout.root, MEMORY_FILE);
    if (placeholder) {
      throw new ApiError(
        'unavailable',
        `${MEMORY_FILE} is not downloaded yet (an online-only placeholder). Open the folder in your cloud client or mark it "always keep on this device", then try again.`,
        { placeholder },
      );
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(this.layout.memoryFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw describeFsError(error, this.layout.memoryFile) ?? error;
    }
    const content = memoryText(bytes);
    const info = await stat(this.layout.memoryFile).catch(() => undefined);
    return { content, hash: hashText(content), modifiedAt: info ? info.mtime.toISOString() : null };
  }

  async read(): Promise<MemoryDoc> {
    const doc = await this.readIfExists();
    if (!doc) throw new ApiError('not_found', `${MEMORY_FILE} does not exist yet. Run \`memsync init\` first.`);
    return doc;
  }

  async write(content: string, options: WriteOptions = {}): Promise<WriteResult> {
    await ensureRoot(this.layout.root);
    // The lock lives in the memory root, so every host using this folder takes the same one.
    return this.#locks.withRootLock(this.layout.root, 'memory', async () => {
      const current = await this.readIfExists();
      if (options.expectedHash !== undefined) {
        const actual = current?.hash ?? null;
        if (actual !== options.expectedHash) {
          throw new ApiError(
            'conflict',
            current
              ? `${MEMORY_FILE} changed since you opened it (another device, an agent or the cloud client wrote it). Nothing was overwritten.`
              : `${MEMORY_FILE} no longer exists. Nothing was written.`,
            { currentHash: actual },
          );
        }
      }
      const hash = hashText(content);
      if (current && current.content === content) return { hash, backup: null, changed: false };
      const backup = current ? await writeBackup(this.layout.backupsDir, current.content, this.#clock.now()) : null;
      await writeFileAtomic(this.layout.memoryFile, content, { beforeReplace: () => this.#unchangedSince(current, options) });
      return { hash, backup, changed: true };
    });
  }

  /**
   * Immediately before the replacement: what is on disk must still be what was checked. A writer
   * that takes no lock (memsync (Python), an editor, a sync client) may have written meanwhile;
   * its version goes into a backup, and a compare-and-swap write stops there.
   */
  async #unchangedSince(checked: MemoryDoc | undefined, options: WriteOptions): Promise<void> {
    const onDisk = await readFile(this.layout.memoryFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (onDisk === checked?.content) return;
    const backup = onDisk === undefined ? null : await writeBackup(this.layout.backupsDir, onDisk, this.#clock.now());
    if (options.expectedHash === undefined) return;
    throw new ApiError(
      'conflict',
      `${MEMORY_FILE} was changed by another program while it was being saved${backup ? `; that version is kept as backups/${backup}` : ''}. Nothing was overwritten.`,
      { currentHash: onDisk === undefined ? null : hashText(onDisk) },
    );
  }
}

/**
 * The memory's text, or an error when the file is not text (NUL bytes, or not UTF-8: a binary
 * file saved over it, a broken sync). Such a file is never fanned out to the agents nor sent.
 */
function memoryText(bytes: Buffer): string {
  let text: string | undefined;
  try {
    text = bytes.includes(0) ? undefined : new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    throw new ApiError(
      'unavailable',
      `${MEMORY_FILE} is not text (${bytes.includes(0) ? 'it holds NUL bytes' : 'it is not UTF-8'}): agents' files are left as they are and nothing is sent. Put back a backup (memsync restore) or fix the file.`,
      { notText: true },
    );
  }
  return text;
}

/** The memory folder itself may be created, never its parent: a sync folder that is gone (drive offline) is not rebuilt. */
async function ensureRoot(root: string): Promise<void> {
  try {
    await mkdir(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code === 'ENOENT') throw new ApiError('unavailable', `The folder ${path.dirname(root)} is not available right now (drive offline?); nothing was written.`);
    throw error;
  }
}
