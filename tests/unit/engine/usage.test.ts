import { fork } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UsageSummarySchema } from '../../../src-shared/contract/usage';
import { FileLocks } from '../../../src-main/engine/fs/lock';
import { readUsageLog, type UsageRecord } from '../../../src-main/engine/memory/memsync-files';
import { costUsd, PRICE_SOURCE, PRICED_PREFIXES, priceFor } from '../../../src-main/engine/usage/prices';
import { pyFixed, pyFloatRepr, pyRound, pyThousands } from '../../../src-main/engine/usage/py-format';
import { formatUsageSummary, summarizeUsage, utcDayOf } from '../../../src-main/engine/usage/summary';
import { appendUsage, formatUsageLine, makeUsageRecord, pythonUtcIsoformat, type NewUsage } from '../../../src-main/engine/usage/usage-log';
import { bundleForChild } from '../../helpers/bundle';
import { repoRoot } from '../../helpers/repo';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

/*
 * The usage log (usage.jsonl) and its summaries, against memsync's usage.py: prices, the line
 * format, reading, and format_summary's text. The golden texts below were produced by running
 * memsync's format_summary (Python, 3.12+ float sum) on the same lines.
 * Acceptance: ../shared/spec/memsync-predecessor.md §4.9 and §10 (test_usage.py).
 */

let home: TempHome;
let file: string;
let locks: FileLocks;
beforeAll(async () => {
  home = await makeTempHome('memsync-usage-');
});
afterAll(() => home.cleanup());
let n = 0;
beforeEach(() => {
  file = path.join(home.home, `usage-${++n}.jsonl`);
  locks = new FileLocks(path.join(home.home, 'user-data'));
});

const sonnet = 'claude-sonnet-4-20250514';
const usage = (over: Partial<NewUsage> = {}): NewUsage => ({
  now: new Date('2026-11-21T10:15:42.123Z'),
  machine: 'laptop',
  command: 'refresh',
  model: sonnet,
  inputTokens: 1000,
  outputTokens: 500,
  changed: false,
  ...over,
});
const entry = (over: Partial<UsageRecord> = {}): UsageRecord => ({
  ts: '2026-03-21T10:00:00+00:00',
  machine: 'laptop',
  command: 'refresh',
  model: sonnet,
  session: '',
  input_tokens: 100,
  output_tokens: 50,
  cost_usd: 0.001,
  changed: false,
  ...over,
});
const NOW = new Date('2026-11-21T10:00:00Z');

describe('prices (memsync test_usage.py)', () => {
  it('opus-4 is 15/75, sonnet-4 is 3/15, an unknown model falls back to 3/15', () => {
    expect(priceFor('claude-opus-4-20250514')).toMatchObject({ prefix: 'claude-opus-4', input: 15, output: 75 });
    expect(priceFor('claude-sonnet-4-20250514')).toMatchObject({ prefix: 'claude-sonnet-4', input: 3, output: 15 });
    expect(priceFor('totally-unknown-model')).toEqual({ prefix: null, input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
  });

  it('1M input + 1M output sonnet-4 tokens cost $18.0; zero tokens cost 0', () => {
    expect(costUsd(sonnet, { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBe(18);
    expect(costUsd('claude-opus-4-20250514', { inputTokens: 0, outputTokens: 0 })).toBe(0);
  });

  it.each([
    ['claude-fable-5-1', 10, 50, 0.25, 12.5],
    ['claude-mythos-5-1-20261101', 10, 50, 0.25, 12.5],
    ['claude-fable-5', 10, 50, 1, 12.5],
    ['claude-mythos-5-20260901', 10, 50, 1, 12.5],
    ['claude-opus-5-5', 4, 20, 0.2, 5],
    ['claude-opus-5-20260801', 5, 25, 0.5, 6.25],
    ['claude-opus-4-8', 5, 25, 0.5, 6.25],
    ['claude-opus-4-7', 5, 25, 0.5, 6.25],
    ['claude-opus-4-6', 5, 25, 0.5, 6.25],
    ['claude-opus-4-5-20251101', 5, 25, 0.5, 6.25],
    ['claude-opus-4-1-20250805', 15, 75, 1.5, 18.75],
    ['claude-opus-4-20250514', 15, 75, 1.5, 18.75],
    ['claude-3-opus-20240229', 15, 75, 1.5, 18.75],
    ['claude-sonnet-5-5', 2, 10, 0.1, 2.5],
    ['claude-sonnet-5-20260801', 2, 10, 0.2, 2.5],
    ['claude-sonnet-4-5-20250929', 3, 15, 0.3, 3.75],
    ['claude-sonnet-4-6', 3, 15, 0.3, 3.75],
    ['claude-3-7-sonnet-20250219', 3, 15, 0.3, 3.75],
    ['claude-3-5-sonnet-20241022', 3, 15, 0.3, 3.75],
    ['claude-haiku-5-5', 0.1, 0.5, 0.01, 0.125],
    ['claude-haiku-4-5-20251001', 1, 5, 0.1, 1.25],
    ['claude-3-5-haiku-20241022', 0.8, 4, 0.08, 1],
    ['claude-3-haiku-20240307', 0.25, 1.25, 0.03, 0.3],
    // memsync's own prefixes (ids no model has) keep memsync's prices.
    ['claude-sonnet-3-7', 3, 15, 0.3, 3.75],
    ['claude-opus-3-5', 15, 75, 1.5, 18.75],
    ['claude-haiku-3-5', 0.8, 4, 0.08, 1],
  ])('%s: %f in, %f out, %f cache read, %f cache write', (model, input, output, cacheRead, cacheWrite) => {
    expect(priceFor(model)).toMatchObject({ input, output, cacheRead, cacheWrite });
  });

  it('claude-haiku-4-*: Haiku 4.5 rates (1/5), where memsync had 0.80/4', () => {
    expect(priceFor('claude-haiku-4-some-date')).toMatchObject({ prefix: 'claude-haiku-4', input: 1, output: 5 });
  });

  it('lists the most specific prefix first, so no prefix is shadowed by an earlier one', () => {
    PRICED_PREFIXES.forEach((prefix, i) => {
      const earlier = PRICED_PREFIXES.slice(0, i).find((p) => prefix.startsWith(p));
      expect(earlier, `${prefix} is hidden behind ${earlier}`).toBeUndefined();
      expect(priceFor(prefix).prefix).toBe(prefix);
    });
    expect(PRICE_SOURCE).toEqual({ source: expect.stringContaining('platform.claude.com') as unknown, checked: '2026-11-21' });
  });

  it('bills cache reads and writes at their own rates, never again as input', () => {
    // 1M cache-read sonnet-4 tokens: $0.30, not $3.30.
    expect(costUsd(sonnet, { inputTokens: 0, outputTokens: 0, cacheReadTokens: 1_000_000 })).toBe(0.3);
    expect(costUsd(sonnet, { inputTokens: 0, outputTokens: 0, cacheCreationTokens: 1_000_000 })).toBe(3.75);
    // opus-4-5: 1000×5 + 500×25 + 10000×0.5 + 2000×6.25 = 35000 µ$.
    expect(
      costUsd('claude-opus-4-5', { inputTokens: 1000, outputTokens: 500, cacheReadTokens: 10_000, cacheCreationTokens: 2000 }),
    ).toBe(0.035);
  });

  it('rounds to 6 decimals like round(x, 6): ties to even, and memsync\'s fixture cost', () => {
    // 6250 output tokens of claude-3-haiku: exactly 0.0078125, a tie; Python keeps the even 2.
    expect(costUsd('claude-3-haiku-20240307', { inputTokens: 0, outputTokens: 6250 })).toBe(0.007812);
    expect(costUsd('claude-3-5-haiku-20241022', { inputTokens: 1, outputTokens: 0 })).toBe(0.000001);
    expect(costUsd(sonnet, { inputTokens: 1200, outputTokens: 800 })).toBe(0.0156);
    expect(costUsd(sonnet, { inputTokens: 1000, outputTokens: 500 })).toBe(0.0105);
  });
});

describe('Python number formatting', () => {
  it('formats like Python: .4f ties to even, float repr, thousands', () => {
    expect(pyFixed(0.03125, 4)).toBe('0.0312'); // JavaScript's toFixed gives 0.0313
    expect(pyFixed(0.0105, 4)).toBe('0.0105');
    expect(pyFixed(2.5, 0)).toBe('2');
    expect(pyFixed(-0, 4)).toBe('-0.0000');
    expect(pyFixed(1e22, 4)).toBe('10000000000000000000000.0000');
    expect(pyRound(2.5e-7, 6)).toBe(0);
    expect(pyRound(0.0000015, 6)).toBe(0.000002);
    const reprs = [18, 0, 1e-6, 0.0001, 1.5e16, 0.0156, 12345.678, 1e22, 5e-324, 0.1 + 0.2].map(pyFloatRepr);
    expect(reprs).toEqual(['18.0', '0.0', '1e-06', '0.0001', '1.5e+16', '0.0156', '12345.678', '1e+22', '5e-324', '0.30000000000000004']);
    expect([0, 999, 1000, 1234567, -1234].map(pyThousands)).toEqual(['0', '999', '1,000', '1,234,567', '-1,234']);
  });
});

describe('appendUsage', () => {
  it('writes one line in memsync\'s json.dumps shape, its keys first and ours after', async () => {
    await appendUsage(file, makeUsageRecord(usage({ changed: true })), locks);
    expect(await readFile(file, 'utf8')).toBe(
      '{"ts": "2026-11-21T10:15:42.123000+00:00", "machine": "laptop", "command": "refresh", "model": "claude-sonnet-4-20250514", ' +
        '"session": "", "input_tokens": 1000, "output_tokens": 500, "cost_usd": 0.0105, "changed": true, ' +
        '"cache_read_input_tokens": 0, "cache_creation_input_tokens": 0}\n',
    );
  });

  it('escapes like json.dumps (ensure_ascii) and writes floats as floats (line produced by Python)', async () => {
    const record = makeUsageRecord(
      usage({ machine: 'büro-pc \u{1F600}\u2028\u007f"\\\t', model: 'claude-3-5-haiku-20241022', inputTokens: 1, outputTokens: 0 }),
    );
    expect(formatUsageLine(record)).toBe(
      String.raw`{"ts": "2026-11-21T10:15:42.123000+00:00", "machine": "b\u00fcro-pc \ud83d\ude00\u2028\u007f\"\\\t", "command": "refresh", ` +
        String.raw`"model": "claude-3-5-haiku-20241022", "session": "", "input_tokens": 1, "output_tokens": 0, "cost_usd": 1e-06, ` +
        '"changed": false, "cache_read_input_tokens": 0, "cache_creation_input_tokens": 0}',
    );
    await appendUsage(file, record, locks);
    expect((await readUsageLog(file))[0]).toEqual(record);
  });

  it('re-writes memsync\'s own fixture line byte for byte (plus the cache keys)', async () => {
    const fixture = path.join(repoRoot, 'tests', 'fixtures', 'memsync-root', '.claude-memory', 'usage.jsonl');
    const line = (await readFile(fixture, 'utf8')).split('\n')[0]!;
    const [record] = await readUsageLog(fixture);
    expect(formatUsageLine(record!)).toBe(`${line.slice(0, -1)}, "cache_read_input_tokens": 0, "cache_creation_input_tokens": 0}`);
  });

  it('timestamps like datetime.now(UTC).isoformat(): microseconds, +00:00, no fraction at zero', () => {
    expect(pythonUtcIsoformat(new Date('2026-11-21T10:15:42.007Z'))).toBe('2026-11-21T10:15:42.007000+00:00');
    expect(pythonUtcIsoformat(new Date('2026-11-21T10:15:42.000Z'))).toBe('2026-11-21T10:15:42+00:00');
  });

  it('appends in order and records the session and the changed flag', async () => {
    await appendUsage(file, makeUsageRecord(usage({ inputTokens: 100, outputTokens: 50 })), locks);
    await appendUsage(file, makeUsageRecord(usage({ command: 'harvest', session: 'abc-123', changed: true, cacheReadTokens: 7 })), locks);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(2);
    const records = await readUsageLog(file);
    expect(records.map((r) => r.command)).toEqual(['refresh', 'harvest']);
    expect(records[1]).toMatchObject({ session: 'abc-123', changed: true, cache_read_input_tokens: 7, machine: 'laptop' });
    expect(records[0]).toMatchObject({ input_tokens: 100, output_tokens: 50, cost_usd: 0.00105, session: '' });
  });

  it('a torn last line (a writer died mid-line) does not swallow the next record', async () => {
    const whole = formatUsageLine(entry({ command: 'first' }));
    await writeFile(file, `${whole}\n{"ts": "2026-01-02T08:00:01.000000+00:00", "machine": "ana-mac`);
    await appendUsage(file, makeUsageRecord(usage({ command: 'after' })), locks);
    await appendUsage(file, makeUsageRecord(usage({ command: 'again' })), locks);
    expect((await readUsageLog(file)).map((r) => r.command)).toEqual(['first', 'after', 'again']);
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines[1]).toBe('{"ts": "2026-01-02T08:00:01.000000+00:00", "machine": "ana-mac');
    expect(lines).toHaveLength(5); // first, torn, after, again, and the final newline
  });

  it('many concurrent appends in one process: every line whole, none lost', async () => {
    const count = 150;
    await Promise.all(
      Array.from({ length: count }, (_v, i) => appendUsage(file, makeUsageRecord(usage({ session: `s${i}-${'y'.repeat(3000)}` })), locks)),
    );
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(count);
    const sessions = lines.map((l) => (JSON.parse(l) as UsageRecord).session.split('-')[0]);
    expect(new Set(sessions).size).toBe(count);
  });

  it('two processes and this one appending at once: every line whole, none lost', async () => {
    const child = await bundleForChild(path.join(import.meta.dirname, 'children', 'usage-appender.ts'));
    const userData = path.join(home.home, 'user-data');
    const perWriter = 60;
    const run = (tag: string) =>
      new Promise<number | null>((resolve, reject) => {
        const proc = fork(child, [file, userData, tag, String(perWriter)], { stdio: 'ignore' });
        proc.once('error', reject);
        proc.once('exit', resolve);
      });
    const mine = Promise.all(
      Array.from({ length: perWriter }, (_v, i) => appendUsage(file, makeUsageRecord(usage({ machine: 'parent', session: `parent-${i}-${'z'.repeat(4000)}` })), locks)),
    );
    const [codeA, codeB] = await Promise.all([run('child-a'), run('child-b'), mine]);
    expect([codeA, codeB]).toEqual([0, 0]);
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    const records = lines.map((l) => JSON.parse(l) as UsageRecord);
    expect(records).toHaveLength(3 * perWriter);
    for (const tag of ['parent', 'child-a', 'child-b']) {
      const ids = records.filter((r) => r.machine === tag).map((r) => Number(r.session.split('-').at(-2)));
      expect(new Set(ids).size, tag).toBe(perWriter);
    }
  }, 60_000);
});

describe('readUsageLog (memsync load_usage)', () => {
  it('a missing or empty file is no entries; blank and malformed lines are skipped', async () => {
    expect(await readUsageLog(file)).toEqual([]);
    await writeFile(file, '');
    expect(await readUsageLog(file)).toEqual([]);
    await writeFile(file, `${formatUsageLine(entry({ command: 'refresh' }))}\n\nthis is not json\n${formatUsageLine(entry({ command: 'harvest' }))}\n`);
    expect((await readUsageLog(file)).map((r) => r.command)).toEqual(['refresh', 'harvest']);
  });
});

describe('formatUsageSummary (memsync format_summary)', () => {
  it('no entries: "No usage recorded yet."', () => {
    expect(formatUsageSummary([], NOW)).toBe('No usage recorded yet.');
  });

  it('shows totals with thousands separators, the cost, the machine and Recent', () => {
    const text = formatUsageSummary([entry({ input_tokens: 1000, output_tokens: 500, cost_usd: 0.0105, changed: true })], new Date('2026-03-25T00:00:00Z'));
    for (const part of ['All time:', '1,000', '500', '$0.0105', 'laptop', 'Recent (last 10):', ' changed']) expect(text).toContain(part);
    expect(text).toContain('This month (2026-03):\n  Calls:           1\n');
  });

  it('"No activity this month." for old entries', () => {
    const text = formatUsageSummary([entry({ ts: '2020-01-01T10:00:00+00:00', machine: 'old-machine' })], NOW);
    expect(text).toContain('\nThis month (2026-11):\n  No activity this month.\n');
  });

  it('"By machine:" lists each machine, sorted, with calls and cost', () => {
    const text = formatUsageSummary(
      [entry({ machine: 'mac' }), entry({ machine: 'windows', cost_usd: 0.002 }), entry({ machine: 'mac' })],
      NOW,
    );
    expect(text).toContain('\nBy machine:\n  mac                       2 call(s)  $0.0020\n  windows                   1 call(s)  $0.0020\n');
  });

  it('Recent shows the last 10 of 15', () => {
    const records = Array.from({ length: 15 }, (_v, i) => entry({ ts: `2026-03-${String(i + 1).padStart(2, '0')}T10:00:00+00:00` }));
    const recent = formatUsageSummary(records, NOW).split('Recent (last 10):\n')[1]!.split('\n');
    expect(recent).toHaveLength(10);
    expect(recent[0]).toBe('  2026-03-06 10:00  refresh      100 in /    50 out  $0.0010  [laptop]');
    expect(recent[9]).toContain('2026-03-15 10:00');
    expect(recent.join('\n')).not.toContain('2026-03-05');
  });

  it('matches memsync\'s text byte for byte on awkward lines (Python\'s output)', async () => {
    await writeFile(file, `${GOLDEN_LINES.join('\n')}\n`);
    const records = await readUsageLog(file);
    expect(records).toHaveLength(12);
    expect(formatUsageSummary(records, NOW)).toBe(GOLDEN_TEXT);
  });

  it('sums totals like Python 3.12+ sum() and machines with += (they can differ in the 4th decimal)', () => {
    const records = [0.144485, 0.453682, 0.732183].map((cost_usd) => entry({ machine: 'tie', ts: '2026-11-07T10:00:00+00:00', cost_usd }));
    const text = formatUsageSummary(records, NOW);
    expect(text).toContain('  Estimated cost:  $1.3303\n');
    expect(text).toContain('  tie                       3 call(s)  $1.3304\n');
  });
});

describe('summarizeUsage', () => {
  const records: UsageRecord[] = [
    entry({ ts: '2026-09-01T10:00:00+00:00', machine: 'pi', command: 'harvest', cost_usd: 0.5 }),
    entry({ ts: '2026-10-22T23:59:59+00:00', machine: 'pi', cost_usd: 0.25 }), // 30 days back: outside byDay
    entry({ ts: '2026-10-23T00:00:00.5+00:00', machine: '', cost_usd: 0.125 }), // first of the 30 days
    entry({ ts: '2026-11-21T01:00:00+05:00', machine: 'mac', cost_usd: 0.1, cache_read_input_tokens: 40, cache_creation_input_tokens: 2 }), // 11-20 UTC
    entry({ ts: '2026-11-21T09:00:00.123456+00:00', machine: 'mac', command: 'harvest', cost_usd: 0.2, changed: true, input_tokens: 1000 }),
  ];

  it('fits the contract and sums every line, this month, and the last 30 UTC days with zeros', () => {
    const s = UsageSummarySchema.parse(summarizeUsage(records, NOW));
    expect(s.allTime).toEqual({ calls: 5, inputTokens: 1400, outputTokens: 250, cacheReadTokens: 40, cacheCreationTokens: 2, costUsd: 1.175 });
    expect(s.month).toBe('2026-11');
    expect(s.thisMonth).toMatchObject({ calls: 2, inputTokens: 1100, costUsd: 0.3, cacheReadTokens: 40 });
    expect(s.byDay).toHaveLength(30);
    expect(s.byDay[0]).toEqual({ day: '2026-10-23', costUsd: 0.125, calls: 1 });
    expect(s.byDay.at(-1)).toEqual({ day: '2026-11-21', costUsd: 0.2, calls: 1 });
    expect(s.byDay.at(-2)).toEqual({ day: '2026-11-20', costUsd: 0.1, calls: 1 });
    expect(s.byDay.filter((d) => d.calls === 0)).toHaveLength(27);
    expect(s.byDay.filter((d) => d.calls === 0).every((d) => d.costUsd === 0)).toBe(true);
    expect(s.byMonth).toEqual([
      { month: '2026-09', costUsd: 0.5, calls: 1 },
      { month: '2026-10', costUsd: 0.375, calls: 2 },
      { month: '2026-11', costUsd: 0.3, calls: 2 },
    ]);
    expect(s.byMachine).toEqual([
      { machine: 'mac', costUsd: 0.3, calls: 2 },
      { machine: 'pi', costUsd: 0.75, calls: 2 },
      { machine: 'unknown', costUsd: 0.125, calls: 1 },
    ]);
    expect(s.byCommand).toEqual([
      { command: 'harvest', costUsd: 0.7, calls: 2 },
      { command: 'refresh', costUsd: 0.475, calls: 3 },
    ]);
  });

  it('recent: the last 10 lines, newest last; nothing recorded is all zeros', () => {
    const many = Array.from({ length: 15 }, (_v, i) => entry({ ts: `2026-11-${String(i + 1).padStart(2, '0')}T10:00:00+00:00`, input_tokens: i }));
    const s = summarizeUsage(many, NOW);
    expect(s.recent.map((r) => r.inputTokens)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(s.recent.at(-1)).toEqual({
      ts: '2026-11-15T10:00:00+00:00', machine: 'laptop', command: 'refresh', model: sonnet, inputTokens: 14, outputTokens: 50, costUsd: 0.001, changed: false,
    });
    const empty = UsageSummarySchema.parse(summarizeUsage([], NOW));
    expect(empty.allTime.calls).toBe(0);
    expect(empty.byDay.map((d) => d.calls)).toEqual(Array(30).fill(0));
    expect([empty.byMonth, empty.byMachine, empty.recent]).toEqual([[], [], []]);
  });

  it('reads the UTC day of a timestamp, converting other offsets', () => {
    expect(utcDayOf('2026-11-21T01:00:00+05:00')).toBe('2026-11-20');
    expect(utcDayOf('2026-11-21T23:30:00-02:00')).toBe('2026-11-22');
    expect(utcDayOf('2026-11-21T10:15:42.123456+00:00')).toBe('2026-11-21');
    expect(utcDayOf('2026-11-21T10:15:42Z')).toBe('2026-11-21');
    expect(utcDayOf('nonsense')).toBeUndefined();
  });
});

/* Lines as memsync (or a person) left them, and memsync's format_summary of them at NOW. */
const GOLDEN_LINES = [
  String.raw`{"ts": "2026-10-30T23:59:59.999999+00:00", "machine": "ana-macbook", "command": "refresh", "model": "claude-sonnet-4-20250514", "session": "", "input_tokens": 1200, "output_tokens": 800, "cost_usd": 0.0156, "changed": true}`,
  String.raw`{"ts": "2026-11-01T00:00:00+00:00", "machine": "b\u00fcro-pc", "command": "harvest", "model": "claude-sonnet-4-20250514", "session": "3f2b6c1e", "input_tokens": 1234567, "output_tokens": 98765, "cost_usd": 5.185176, "changed": false}`,
  String.raw`{"ts": "2026-11-02T08:00:00.500000+00:00", "machine": "a-really-long-machine-name-over-22", "command": "refresh", "model": "claude-3-haiku-20240307", "session": "", "input_tokens": 5, "output_tokens": 0, "cost_usd": 0.03125, "changed": false}`,
  String.raw`{"ts": "2026-11-03T09:00:00+00:00", "command": "refresh", "model": "claude-opus-4-20250514", "input_tokens": 100, "output_tokens": 50, "cost_usd": 0.00105, "changed": true}`,
  String.raw`{"ts": "2026-11-04T10:00:00+00:00", "machine": "Zed", "command": "harvest-all", "model": "claude-opus-4-5", "session": "", "input_tokens": 999999, "output_tokens": 100000, "cost_usd": 7.499995, "changed": true}`,
  String.raw`{"ts": "2026-11-05T10:00:00+00:00", "machine": "pi-\ud83d\ude00", "command": "refresh", "model": "claude-sonnet-4-5", "session": "", "input_tokens": 10, "output_tokens": 10, "cost_usd": 0.00018, "changed": false}`,
  String.raw`{"ts": "2026-11-06T10:00:00+00:00", "machine": "pi-\uff21", "command": "refresh", "model": "claude-sonnet-4-5", "session": "", "input_tokens": 10, "output_tokens": 10, "cost_usd": 0.00018, "changed": false}`,
  String.raw`{"ts": "2026-11-07T10:00:00+00:00", "machine": "tie", "command": "refresh", "model": "m", "session": "", "input_tokens": 1, "output_tokens": 1, "cost_usd": 0.144485, "changed": false}`,
  String.raw`{"ts": "2026-11-08T10:00:00+00:00", "machine": "tie", "command": "refresh", "model": "m", "session": "", "input_tokens": 1, "output_tokens": 1, "cost_usd": 0.453682, "changed": false}`,
  String.raw`{"ts": "2026-11-09T10:00:00+00:00", "machine": "tie", "command": "refresh", "model": "m", "session": "", "input_tokens": 1, "output_tokens": 1, "cost_usd": 0.732183, "changed": false}`,
  String.raw`{"ts": "2026-11-10T10:00:00+00:00", "machine": "ana-macbook", "command": "refresh", "model": "claude-sonnet-4-20250514", "session": "", "input_tokens": 0, "output_tokens": 0, "cost_usd": 0.0, "changed": false}`,
  String.raw`{"ts": "2026-11-21T09:59:00+00:00", "machine": "ana-macbook", "command": "harvest", "model": "claude-sonnet-4-20250514", "session": "x", "input_tokens": 123456, "output_tokens": 12345, "cost_usd": 0.555543, "changed": true, "cache_read_input_tokens": 5000, "cache_creation_input_tokens": 0}`,
];
const GOLDEN_TEXT =
  'All time:\n  Calls:           12\n  Input tokens:    2,359,350\n  Output tokens:   211,983\n  Estimated cost:  $14.6193\n\n' +
  'This month (2026-11):\n  Calls:           11\n  Input tokens:    2,358,150\n  Output tokens:   211,183\n  Estimated cost:  $14.6037\n\n' +
  'By machine:\n  Zed                       1 call(s)  $7.5000\n  a-really-long-machine-name-over-22    1 call(s)  $0.0312\n' +
  '  ana-macbook               3 call(s)  $0.5711\n  b\u00fcro-pc                   1 call(s)  $5.1852\n' +
  '  pi-\uff21                      1 call(s)  $0.0002\n  pi-\ud83d\ude00                      1 call(s)  $0.0002\n' +
  '  tie                       3 call(s)  $1.3304\n  unknown                   1 call(s)  $0.0010\n\n' +
  'Recent (last 10):\n' +
  '  2026-11-02 08:00  refresh        5 in /     0 out  $0.0312  [a-really-long-machine-name-over-22]\n' +
  '  2026-11-03 09:00  refresh      100 in /    50 out  $0.0010  [?] changed\n' +
  '  2026-11-04 10:00  harvest-all  999999 in / 100000 out  $7.5000  [Zed] changed\n' +
  '  2026-11-05 10:00  refresh       10 in /    10 out  $0.0002  [pi-\ud83d\ude00]\n' +
  '  2026-11-06 10:00  refresh       10 in /    10 out  $0.0002  [pi-\uff21]\n' +
  '  2026-11-07 10:00  refresh        1 in /     1 out  $0.1445  [tie]\n' +
  '  2026-11-08 10:00  refresh        1 in /     1 out  $0.4537  [tie]\n' +
  '  2026-11-09 10:00  refresh        1 in /     1 out  $0.7322  [tie]\n' +
  '  2026-11-10 10:00  refresh        0 in /     0 out  $0.0000  [ana-macbook]\n' +
  '  2026-11-21 09:59  harvest   123456 in / 12345 out  $0.5555  [ana-macbook] changed';
