import type { ForeignEdit } from '../../../src-shared/contract/memory';
import { hashText } from '../memory/layout';
import type { Clock, Logger } from '../services';
import type { ForeignEditStore } from './foreign-edits';
import { findManagedBlock } from './render';
import type { ConfiguredTarget } from './resolve';
import type { TargetRecord } from './state';
import { backupPreMemsync, type TargetFile } from './target-files';

export interface ForeignContentContext {
  foreignEdits: ForeignEditStore;
  clock: Clock;
  logger: Logger;
  onForeignEdit: (edit: ForeignEdit) => void;
}

export interface ForeignContentOutcome {
  /** The foreign edit saved, if the file held one. */
  edit: ForeignEdit | undefined;
  /** The person's own file found at the first write, and the backup it was saved as. */
  original: { backup: string; text: string } | undefined;
}

/**
 * Saves someone else's version of a target before memsync replaces it: a file memsync never wrote
 * is backed up next to it (its `.pre-memsync.bak`) and, where it will no longer be in the file,
 * offered for adoption; a file memsync wrote and someone changed is offered for adoption with what
 * memsync had written (the base of the three-way merge that adopting it does).
 */
export async function saveForeignContent(
  ctx: ForeignContentContext,
  t: ConfiguredTarget,
  current: TargetFile,
  memory: { content: string; hash: string },
  record: TargetRecord | undefined,
): Promise<ForeignContentOutcome> {
  const none: ForeignContentOutcome = { edit: undefined, original: undefined };
  if (!current.exists || current.content === null || current.content.trim() === '') return none;

  let foreign: string | undefined;
  let original: ForeignContentOutcome['original'];
  if (!record) {
    // First write to a file that holds someone's own text: back it up next to it; outside a
    // managed block it is also offered for adoption, since it will no longer be in the file.
    original = { backup: await backupPreMemsync(t.path), text: current.content };
    if (t.mode !== 'managed-block') foreign = current.content;
    else {
      const block = findManagedBlock(current.content);
      if (block && block.inner.trim() !== '') foreign = block.inner;
    }
  } else if (t.mode === 'managed-block' || record.effectiveMode === 'managed-block') {
    const block = findManagedBlock(current.content);
    if (block && record.blockHash !== null && hashText(block.inner) !== record.blockHash) foreign = block.inner;
    // Leaving managed-block mode: the person's text around the block will not be in the copy.
    const theirs = block ? block.before + block.after : current.content;
    if (t.mode !== 'managed-block' && theirs.trim() !== '') await backupPreMemsync(t.path);
  } else if (current.hash !== record.writtenHash) {
    foreign = current.content;
  }
  if (foreign === undefined || foreign.trim() === memory.content.trim()) return { edit: undefined, original };

  const now = ctx.clock.now();
  const edit = await ctx.foreignEdits.add(
    {
      targetId: t.def.id,
      targetPath: t.path,
      detectedAt: now.toISOString(),
      content: foreign,
      baseHash: memory.hash,
      // What memsync had written there; none for a file it never wrote (the person's own text).
      base: record?.writtenText ?? null,
    },
    now,
  );
  ctx.logger.info('foreign edit saved', { target: t.def.id, edit: edit.id });
  ctx.onForeignEdit(edit);
  return { edit, original };
}
