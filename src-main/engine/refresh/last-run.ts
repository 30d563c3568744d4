import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic-write';
import { parseJsonOrUndefined } from '../fs/read-json';

/**
 * When this machine last merged notes and how it ended, kept in the user-data folder so "Last
 * merge 2 hours ago" survives a restart. Per machine: each machine's runs are its own (the
 * proposals they produce are shared through the memory folder).
 */
const LastRunSchema = z.object({
  lastRunAt: z.iso.datetime({ offset: true }),
  lastOutcome: z.enum(['no-notes', 'unchanged', 'proposed', 'applied', 'dry-run', 'failed']),
  lastError: z.string().nullable(),
});
export type LastRun = z.infer<typeof LastRunSchema>;

export class LastRunFile {
  readonly file: string;

  constructor(userDataDir: string) {
    this.file = path.join(userDataDir, 'refresh-last-run.json');
  }

  /** The recorded run; undefined when there is none yet or the file is unreadable (it is rewritten by the next run). */
  async read(): Promise<LastRun | undefined> {
    const parsed = LastRunSchema.safeParse(parseJsonOrUndefined(await readFile(this.file, 'utf8').catch(() => '')));
    return parsed.success ? parsed.data : undefined;
  }

  async write(run: LastRun): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify(run)}\n`, { mode: 0o600 });
  }
}
