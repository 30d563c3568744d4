import { appendFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src-main/cli/io';
import { runCli } from '../../../src-main/cli/program';
import { FileLocks } from '../../../src-main/engine/fs/lock';
import { formatUsageSummary, utcMonth } from '../../../src-main/engine/usage/summary';
import { appendUsage, formatUsageLine, makeUsageRecord } from '../../../src-main/engine/usage/usage-log';
import type { UsageRecord } from '../../../src-main/engine/memory/memsync-files';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

/*
 * `memsync usage`, run in-process against a temporary HOME, like memsync's cmd_usage:
 * "Usage log: <root>/usage.jsonl", "Entries:   N", a blank line, then format_summary.
 * Acceptance: ../shared/spec/memsync-predecessor.md §1.4 and §10 (test_cli.py usage).
 */

let home: TempHome;
let env: NodeJS.ProcessEnv;
let sync: string;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io: CliIo & { out: string; err: string } = {
    out: '',
    err: '',
    env,
    stdout: (t) => void (io.out += t),
    stderr: (t) => void (io.err += t),
    prompt: async () => undefined,
    readStdin: async () => undefined,
  };
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

const memoryRoot = () => path.join(sync, '.claude-memory');
const usageFile = () => path.join(memoryRoot(), 'usage.jsonl');

beforeEach(async () => {
  home = await makeTempHome('memsync-cli-usage-');
  env = { ...home.env };
  delete env.CODEX_HOME;
  sync = path.join(home.home, 'Sync');
  await mkdir(sync);
});
afterEach(() => home.cleanup());

async function init(): Promise<void> {
  const r = await cli(['init', '--sync-root', sync]);
  expect(r.code, r.err).toBe(0);
}

describe('memsync usage', () => {
  it('before init: exit 2 with the reason on stderr, nothing on stdout', async () => {
    const r = await cli(['usage']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^Error: .+\n$/);
    expect(r.err).toContain('memsync init');
  });

  it('the sync folder is gone: exit 4', async () => {
    await init();
    await rm(sync, { recursive: true });
    const r = await cli(['usage']);
    expect(r.code).toBe(4);
    expect(r.out).toBe('');
  });

  it('no log yet: the path, "Entries:   0", and "No usage recorded yet."', async () => {
    await init();
    const r = await cli(['usage']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(`Usage log: ${usageFile()}\nEntries:   0\n\nNo usage recorded yet.\n`);
  });

  it('memsync\'s lines and ours together, a torn line skipped: the header and format_summary', async () => {
    await init();
    const memsyncLine: UsageRecord = {
      ts: '2026-01-01T12:00:00.412345+00:00',
      machine: 'ana-macbook',
      command: 'refresh',
      model: 'claude-sonnet-4-20250514',
      session: '',
      input_tokens: 1200,
      output_tokens: 800,
      cost_usd: 0.0156,
      changed: true,
    };
    // memsync's own line (no cache keys), then a line a crash cut short.
    const pythonLine = formatUsageLine(memsyncLine).replace(/, "cache_read_input_tokens": 0, "cache_creation_input_tokens": 0}$/, '}');
    await appendFile(usageFile(), `${pythonLine}\n{"ts": "2026-01-02T08:00:01.000000+00:00", "machine": "ana-mac`);
    const locks = new FileLocks(path.join(home.home, 'test-locks'));
    const now = new Date();
    const ours = makeUsageRecord({
      now,
      machine: 'desk',
      command: 'refresh',
      model: 'claude-opus-4-5',
      inputTokens: 12_345,
      outputTokens: 2_000,
      cacheReadTokens: 40_000,
      changed: true,
    });
    await appendUsage(usageFile(), ours, locks);

    const before = new Date();
    const r = await cli(['usage']);
    const after = new Date();
    expect(r.code, r.err).toBe(0);
    const records = [{ ...memsyncLine }, ours];
    const expected = (at: Date) => `Usage log: ${usageFile()}\nEntries:   2\n\n${formatUsageSummary(records, at)}\n`;
    expect([expected(before), expected(after)]).toContain(r.out);
    // The parts that matter, spelled out: 12,345 + 1,200 input; opus-4-5 cost with cache reads.
    expect(r.out).toContain('  Input tokens:    13,545\n');
    expect(r.out).toContain(`\nThis month (${utcMonth(before)}):\n  Calls:           1\n`);
    expect(r.out).toContain('\nBy machine:\n  ana-macbook               1 call(s)  $0.0156\n  desk                      1 call(s)  $0.1317\n');
    expect(r.out).toContain('  2026-01-01 12:00  refresh     1200 in /   800 out  $0.0156  [ana-macbook] changed\n');
    expect(r.out.endsWith('  refresh    12345 in /  2000 out  $0.1317  [desk] changed\n')).toBe(true);
  });
});
