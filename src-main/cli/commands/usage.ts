import { ApiError } from '../../../src-shared/contract/errors';
import { memoryLayout } from '../../engine/memory/layout';
import { readUsageLog } from '../../engine/memory/memsync-files';
import { formatUsageSummary } from '../../engine/usage/summary';
import { EXIT, type CliIo } from '../io';
import { withEngine } from '../session';

/**
 * `memsync usage`: every machine's API calls and their estimated cost, from usage.jsonl in the
 * memory folder, printed as memsync printed it. Exit 2 (no memory folder, run init) or 4 (the sync
 * folder cannot be found) come from the engine's error through withEngine.
 */
export function usage(io: CliIo): Promise<number> {
  return withEngine(io, async (engine) => {
    const root = engine.memory.usableRoot();
    if (root instanceof ApiError) throw root;
    const file = memoryLayout(root).usageFile;
    const records = await readUsageLog(file);
    io.stdout(`Usage log: ${file}\nEntries:   ${records.length}\n\n${formatUsageSummary(records, engine.clock.now())}\n`);
    return EXIT.ok;
  });
}
