import type { FileLocks } from '../fs/lock';
import { readHarvestIndex, writeHarvestIndex, type HarvestIndex } from '../memory/memsync-files';
import type { SessionCursor } from './cursor';
import type { SessionFile } from './sessions';
import { findSource } from './sources';

/**
 * harvested.json in the memory root, kept in memsync (Python)'s format so a person running both
 * never has a session harvested twice. Its unit is memsync's: per session stem, the number of
 * records it counts as messages when it last harvested (-1: its older list format, count unknown;
 * it never harvests those again). It harvests a session again once that number grows, sending the
 * whole transcript, so after each pass we store our cursor's count there; it then sees nothing new.
 * Reading and writing the file itself is memory/memsync-files.ts.
 */

/** The session's harvested.json entry, for sources that memsync (Python) harvested. */
export function harvestedEntry(index: HarvestIndex, session: SessionFile): number | undefined {
  if (!findSource(session.source)?.sharedIndex) return undefined;
  return Object.hasOwn(index, session.stem) ? index[session.stem] : undefined;
}

/**
 * The entry to store after harvesting up to `cursor`: never lower than what is there (memsync may
 * have gone further meanwhile), and a -1 stays -1 (memsync then leaves the session alone, while
 * our cursor covers what follows).
 */
export function nextEntry(existing: number | undefined, cursor: SessionCursor): number {
  if (existing === -1) return -1;
  return Math.max(existing ?? 0, cursor.legacyCount);
}

/**
 * Stores the cursors' counts for the sessions harvested, under the file's lock, re-reading it
 * first so an entry written meanwhile (memsync, another host) is kept. Sessions of sources memsync
 * never harvested are left out. Returns whether the file changed (it is left untouched otherwise:
 * it lives in the sync folder, and every write is uploaded).
 */
export async function recordHarvested(file: string, harvested: ReadonlyArray<{ session: SessionFile; cursor: SessionCursor }>, locks: FileLocks): Promise<boolean> {
  const tracked = harvested.filter(({ session }) => findSource(session.source)?.sharedIndex);
  if (tracked.length === 0) return false;
  return locks.withLock(file, async () => {
    const index: HarvestIndex = await readHarvestIndex(file);
    let changed = false;
    for (const { session, cursor } of tracked) {
      const existing = Object.hasOwn(index, session.stem) ? index[session.stem] : undefined;
      const next = nextEntry(existing, cursor);
      if (next !== existing) {
        index[session.stem] = next;
        changed = true;
      }
    }
    if (changed) await writeHarvestIndex(file, index);
    return changed;
  });
}
