import type { UsageSummary, UsageTotals } from '../../../src-shared/contract/usage';
import type { UsageRecord } from '../memory/memsync-files';
import { pyCompare, pyFixed, pyLeft, pyRight, pyRound, pyThousands } from './py-format';

/**
 * The usage log summed up: `summarizeUsage` for the Usage view and the API (UsageSummarySchema),
 * `formatUsageSummary` for `memsync usage`, byte for byte memsync's `format_summary`.
 */

/** How many days `byDay` covers, today (UTC) included. */
export const USAGE_DAYS = 30;
/** How many calls "Recent" lists, like memsync. */
export const RECENT_CALLS = 10;

/**
 * Python's `sum()` over floats. CPython 3.12+ sums floats with Neumaier's compensation (3.11 and
 * older added naively; the two differ only far below the 4 printed decimals).
 */
class PythonFloatSum {
  #hi = 0;
  #lo = 0;

  add(x: number): void {
    const t = this.#hi + x;
    if (Math.abs(this.#hi) >= Math.abs(x)) this.#lo += this.#hi - t + x;
    else this.#lo += x - t + this.#hi;
    this.#hi = t;
  }

  get value(): number {
    return this.#lo !== 0 && Number.isFinite(this.#lo) ? this.#hi + this.#lo : this.#hi;
  }
}

interface Totals {
  calls: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  cost: PythonFloatSum;
}

function totalsOf(records: readonly UsageRecord[]): Totals {
  const totals: Totals = { calls: 0, input: 0, output: 0, cacheRead: 0, cacheCreation: 0, cost: new PythonFloatSum() };
  for (const r of records) {
    totals.calls += 1;
    totals.input += r.input_tokens;
    totals.output += r.output_tokens;
    totals.cacheRead += r.cache_read_input_tokens ?? 0;
    totals.cacheCreation += r.cache_creation_input_tokens ?? 0;
    totals.cost.add(r.cost_usd);
  }
  return totals;
}

function contractTotals(t: Totals): UsageTotals {
  return {
    calls: t.calls,
    inputTokens: t.input,
    outputTokens: t.output,
    cacheReadTokens: t.cacheRead,
    cacheCreationTokens: t.cacheCreation,
    costUsd: pyRound(t.cost.value, 6),
  };
}

/** "2026-11" of a moment, in UTC (memsync's month). */
export function utcMonth(date: Date): string {
  return date.toISOString().slice(0, 7);
}

const UTC_OFFSET = /^(?:Z|[+-]00:?00)$/;
const ANY_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * The UTC day of a log timestamp. memsync and this app write UTC (`+00:00`), so the date is the
 * first ten characters; a timestamp with another offset is converted; no offset reads as UTC.
 */
export function utcDayOf(ts: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(ts)) return undefined;
  const offset = ts.length > 10 ? ANY_OFFSET.exec(ts)?.[0] : undefined;
  if (offset === undefined || UTC_OFFSET.test(offset)) return ts.slice(0, 10);
  const time = Date.parse(ts);
  return Number.isNaN(time) ? ts.slice(0, 10) : new Date(time).toISOString().slice(0, 10);
}

/** The machine name memsync shows for a record without one. */
function machineOf(r: UsageRecord): string {
  return r.machine === '' ? 'unknown' : r.machine;
}

function grouped<K extends string>(
  records: readonly UsageRecord[],
  keyOf: (r: UsageRecord) => string | undefined,
  name: K,
): Array<Record<K, string> & { costUsd: number; calls: number }> {
  const groups = new Map<string, UsageRecord[]>();
  for (const r of records) {
    const key = keyOf(r);
    if (key === undefined) continue;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.keys()].sort(pyCompare).map((key) => {
    const t = totalsOf(groups.get(key) ?? []);
    return { [name]: key, costUsd: pyRound(t.cost.value, 6), calls: t.calls } as Record<K, string> & { costUsd: number; calls: number };
  });
}

/** The last `USAGE_DAYS` UTC days, oldest first, ending with today. */
function lastDays(now: Date): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: USAGE_DAYS }, (_v, i) => new Date(today - (USAGE_DAYS - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

/**
 * The summary the Usage view shows. Totals include every line; the month, day and month groups
 * use each call's UTC date. Groups are sorted by name (machines as memsync sorts them); "recent"
 * is the last calls in file order (append order), newest last, as memsync lists them.
 */
export function summarizeUsage(records: readonly UsageRecord[], now: Date): UsageSummary {
  const month = utcMonth(now);
  const dayOf = new Map<UsageRecord, string | undefined>(records.map((r) => [r, utcDayOf(r.ts)]));
  const byDayMap = new Map(grouped(records, (r) => dayOf.get(r), 'day').map((d) => [d.day, d]));
  return {
    allTime: contractTotals(totalsOf(records)),
    month,
    thisMonth: contractTotals(totalsOf(records.filter((r) => dayOf.get(r)?.startsWith(month)))),
    byDay: lastDays(now).map((day) => {
      const found = byDayMap.get(day);
      return { day, costUsd: found?.costUsd ?? 0, calls: found?.calls ?? 0 };
    }),
    byMonth: grouped(records, (r) => dayOf.get(r)?.slice(0, 7), 'month'),
    byMachine: grouped(records, machineOf, 'machine'),
    byCommand: grouped(records, (r) => r.command, 'command'),
    recent: records.slice(-RECENT_CALLS).map((r) => ({
      ts: r.ts,
      machine: machineOf(r),
      command: r.command,
      model: r.model,
      inputTokens: r.input_tokens,
      outputTokens: r.output_tokens,
      costUsd: r.cost_usd,
      changed: r.changed,
    })),
  };
}

function totalsLines(t: Totals): string[] {
  return [
    `  Calls:           ${pyThousands(t.calls)}`,
    `  Input tokens:    ${pyThousands(t.input)}`,
    `  Output tokens:   ${pyThousands(t.output)}`,
    `  Estimated cost:  $${pyFixed(t.cost.value, 4)}`,
  ];
}

/**
 * memsync's `format_summary(entries)`, byte for byte (no trailing newline). The month is matched
 * the way memsync does it, as a prefix of the timestamp text. A record read without a machine
 * shows as "unknown" under "By machine:" and "?" under "Recent", memsync's two defaults. Cache
 * tokens are not shown here (memsync's text has no place for them); they are in the cost.
 */
export function formatUsageSummary(records: readonly UsageRecord[], now: Date): string {
  if (records.length === 0) return 'No usage recorded yet.';
  const month = utcMonth(now);
  const monthRecords = records.filter((r) => r.ts.startsWith(month));

  const machines = new Map<string, { calls: number; cost: number }>();
  for (const r of records) {
    const m = machineOf(r);
    const entry = machines.get(m) ?? { calls: 0, cost: 0 };
    entry.calls += 1;
    entry.cost += r.cost_usd; // memsync adds these with +=, not sum()
    machines.set(m, entry);
  }

  const lines = ['All time:', ...totalsLines(totalsOf(records))];
  lines.push(`\nThis month (${month}):`);
  if (monthRecords.length > 0) lines.push(...totalsLines(totalsOf(monthRecords)));
  else lines.push('  No activity this month.');

  lines.push('\nBy machine:');
  for (const [machine, data] of [...machines].sort(([a], [b]) => pyCompare(a, b))) {
    lines.push(`  ${pyLeft(machine, 22)} ${pyRight(String(data.calls), 4)} call(s)  $${pyFixed(data.cost, 4)}`);
  }

  lines.push(`\nRecent (last ${RECENT_CALLS}):`);
  for (const r of records.slice(-RECENT_CALLS)) {
    const ts = [...r.ts].slice(0, 16).join('').replaceAll('T', ' ');
    const machine = r.machine === '' ? '?' : r.machine;
    const changed = r.changed ? ' changed' : '';
    lines.push(
      `  ${ts}  ${pyLeft(r.command, 8)}  ${pyRight(String(r.input_tokens), 6)} in / ${pyRight(String(r.output_tokens), 5)} out  $${pyFixed(r.cost_usd, 4)}  [${machine}]${changed}`,
    );
  }
  return lines.join('\n');
}
