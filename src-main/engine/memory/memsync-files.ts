import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../fs/atomic-write';
import { describeFsError } from '../fs/fs-errors';
import { readJsonIfExists } from '../fs/read-json';

/**
 * memsync's other files in the memory root, read and written in its formats so both tools can
 * share one root.
 */

/**
 * harvested.json: `{ "<session-stem>": <message count at harvest> }`. memsync's older format is a
 * JSON list of stems, read as count -1 ("harvested, count unknown"). Entries of the wrong type are
 * dropped, as memsync does. An unreadable file is reported, not read as "nothing harvested" (which
 * would send every transcript to the API again).
 */
export type HarvestIndex = Record<string, number>;

export async function readHarvestIndex(file: string): Promise<HarvestIndex> {
  const json = await readJsonIfExists(file, 'fix it or move it away before harvesting');
  if (json === undefined) return {};
  const index: HarvestIndex = {};
  if (Array.isArray(json)) {
    for (const stem of json) if (typeof stem === 'string') index[stem] = -1;
  } else if (json && typeof json === 'object') {
    for (const [stem, count] of Object.entries(json)) if (Number.isInteger(count)) index[stem] = count as number;
  } else {
    throw new Error(`${file} holds neither an object nor a list.`);
  }
  return index;
}

/** Writes the index like memsync: sorted keys, two-space indent, non-ASCII kept. */
export async function writeHarvestIndex(file: string, index: HarvestIndex): Promise<void> {
  const sorted = Object.fromEntries(Object.entries(index).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  await writeFileAtomic(file, JSON.stringify(sorted, null, 2));
}

/** One line of usage.jsonl (memsync's fields; cache tokens are this app's addition). */
export interface UsageRecord {
  ts: string;
  machine: string;
  command: string;
  model: string;
  session: string;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  changed: boolean;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

function isUsageRecord(value: unknown): value is UsageRecord {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.ts === 'string' &&
    typeof v.command === 'string' &&
    typeof v.model === 'string' &&
    typeof v.input_tokens === 'number' &&
    typeof v.output_tokens === 'number' &&
    typeof v.cost_usd === 'number'
  );
}

/** Reads usage.jsonl, skipping blank and malformed lines like memsync does. */
export async function readUsageLog(file: string): Promise<UsageRecord[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw describeFsError(error, file) ?? error;
  }
  const records: UsageRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (isUsageRecord(parsed)) {
        // Older lines may lack the optional fields; give them their neutral values.
        records.push({
          ...parsed,
          machine: typeof parsed.machine === 'string' ? parsed.machine : '',
          session: typeof parsed.session === 'string' ? parsed.session : '',
          changed: parsed.changed === true,
        });
      }
    } catch {
      // memsync skips lines it cannot parse; so do we.
    }
  }
  return records;
}
