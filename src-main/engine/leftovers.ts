import path from 'node:path';
import { removeStaleTempFiles } from './fs/atomic-write';
import { memoryLayout } from './memory/layout';

/** The memory root's folders where atomic writes happen: the root itself, backups/, proposals/. */
export async function removeMemoryRootLeftovers(root: string): Promise<void> {
  const layout = memoryLayout(root);
  for (const dir of [root, layout.backupsDir, layout.proposalsDir]) await removeStaleTempFiles(dir);
}

/**
 * This machine's: the user-data folder and its subfolders written atomically, and the temp files
 * of agents' instruction files (only theirs: those folders belong to the agents).
 */
export async function removeMachineLeftovers(userDataDir: string, targetFiles: readonly string[]): Promise<void> {
  for (const dir of [userDataDir, path.join(userDataDir, 'foreign-edits'), path.join(userDataDir, 'failed-answers')]) await removeStaleTempFiles(dir);
  for (const file of targetFiles) await removeStaleTempFiles(path.dirname(file), { of: path.basename(file) });
}
