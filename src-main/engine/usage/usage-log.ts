import { appendDurably } from '../fs/append';
import type { FileLocks } from '../fs/lock';
import type { UsageRecord } from '../memory/memsync-files';
import { costUsd, type TokenCounts } from './prices';
import { pyJsonObject } from './py-format';

/**
 * usage.jsonl: one line per API call, from every machine (the file lives in the synced folder)
 * and from memsync (Python) too. Lines are written in memsync's shape, `json.dumps` of its nine
 * keys in its order, with this app's cache-token counts after them; memsync reads extra keys
 * without complaint. Reading is `readUsageLog` (memory/memsync-files.ts).
 */

/**
 * A UTC time as Python's `datetime.now(UTC).isoformat()` writes it:
 * `2026-11-21T10:15:42.123000+00:00`, microseconds (ours are whole milliseconds), and no fraction
 * at all when it is zero, as isoformat does.
 */
export function pythonUtcIsoformat(date: Date): string {
  const base = date.toISOString().slice(0, 19);
  const ms = date.getUTCMilliseconds();
  const fraction = ms === 0 ? '' : `.${String(ms * 1000).padStart(6, '0')}`;
  return `${base}${fraction}+00:00`;
}

export interface NewUsage extends TokenCounts {
  now: Date;
  machine: string;
  /** memsync writes "refresh" or "harvest". */
  command: string;
  model: string;
  /** The harvested transcript's stem; "" otherwise (memsync's default). */
  session?: string;
  changed: boolean;
}

/** A complete record for one call: timestamp in memsync's format, cost from the price table. */
export function makeUsageRecord(usage: NewUsage): UsageRecord {
  return {
    ts: pythonUtcIsoformat(usage.now),
    machine: usage.machine,
    command: usage.command,
    model: usage.model,
    session: usage.session ?? '',
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cost_usd: costUsd(usage.model, usage),
    changed: usage.changed,
    cache_read_input_tokens: usage.cacheReadTokens ?? 0,
    cache_creation_input_tokens: usage.cacheCreationTokens ?? 0,
  };
}

/** The line (without its newline) exactly as memsync's `json.dumps(entry)` would write it. */
export function formatUsageLine(record: UsageRecord): string {
  return pyJsonObject([
    ['ts', record.ts],
    ['machine', record.machine],
    ['command', record.command],
    ['model', record.model],
    ['session', record.session],
    ['input_tokens', { int: record.input_tokens }],
    ['output_tokens', { int: record.output_tokens }],
    ['cost_usd', { float: record.cost_usd }],
    ['changed', record.changed],
    ['cache_read_input_tokens', { int: record.cache_read_input_tokens ?? 0 }],
    ['cache_creation_input_tokens', { int: record.cache_creation_input_tokens ?? 0 }],
  ]);
}

/**
 * Appends one record, under the file's lock (the tray app and `memsync serve` may both write), on
 * a fresh line (see appendDurably), fsync'd.
 */
export function appendUsage(file: string, record: UsageRecord, locks: FileLocks): Promise<void> {
  const line = `${formatUsageLine(record)}\n`;
  return locks.withLock(file, () => appendDurably(file, line, { freshLine: true }));
}
