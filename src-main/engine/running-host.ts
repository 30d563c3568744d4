import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './fs/atomic-write';
import { processAlive } from './fs/holder-lock';
import { parseJsonOrUndefined } from './fs/read-json';

/**
 * Where the host running on this machine (the tray app or `memsync serve`) listens, so one-shot
 * commands (`memsync token`) name the real address, not the configured port: `serve --port 0`
 * or a port in use moves it. One file in the per-machine data folder, removed when the host stops.
 */
const FILE = 'running-host.json';

const RecordSchema = z.object({
  pid: z.number().int(),
  host: z.string(),
  captureUrl: z.string(),
  lan: z.boolean(),
  startedAt: z.string(),
});
export type RunningHostRecord = z.infer<typeof RecordSchema>;

export async function recordRunningHost(userDataDir: string, record: RunningHostRecord): Promise<void> {
  await writeFileAtomic(path.join(userDataDir, FILE), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
}

/** Removes the record if it is this process's (a second host may have started since). */
export async function forgetRunningHost(userDataDir: string, pid = process.pid): Promise<void> {
  const record = await readRecord(userDataDir);
  if (record?.pid === pid) await rm(path.join(userDataDir, FILE), { force: true });
}

async function readRecord(userDataDir: string): Promise<RunningHostRecord | undefined> {
  const parsed = RecordSchema.safeParse(parseJsonOrUndefined(await readFile(path.join(userDataDir, FILE), 'utf8').catch(() => '')));
  return parsed.success ? parsed.data : undefined;
}

/** The running host's record, if its process is still there (a crash leaves a stale file). */
export async function readRunningHost(userDataDir: string): Promise<RunningHostRecord | undefined> {
  const record = await readRecord(userDataDir);
  return record && processAlive(record.pid) ? record : undefined;
}
