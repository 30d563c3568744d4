import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './fixtures';

test.use({ locale: 'en-US' });

const DAY = 86_400_000;

/** A usage line as memsync writes it (UTC, +00:00), `daysAgo` days before now. */
function record(daysAgo: number, machine: string, command: string, input: number, output: number, cost: number) {
  const ts = new Date(Date.now() - daysAgo * DAY - 60_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
  return { ts, machine, command, model: 'claude-sonnet-5-5', session: '', input_tokens: input, output_tokens: output, cost_usd: cost, changed: true };
}

const RECORDS = [
  record(40, 'laptop', 'refresh', 3000, 800, 0.021),
  record(5, 'laptop', 'refresh', 1500, 400, 0.0132),
  record(3, 'desktop', 'harvest', 4000, 1000, 0.027),
  record(1, 'desktop', 'refresh', 1000, 200, 0.006),
  record(1, 'laptop', 'refresh', 2000, 500, 0.012),
  record(0, 'laptop', 'refresh', 1200, 300, 0.0054),
];

test('the usage view shows totals, a bar per day, and every machine', async ({ page, host, memoryRoot, consoleErrors }) => {
  await writeFile(path.join(memoryRoot, 'usage.jsonl'), RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await page.goto(host.uiUrl);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Usage' }).click();
  await expect(page.getByRole('heading', { name: 'Usage', level: 1 })).toBeVisible();

  // Totals: all time, and this month (the calls of the current UTC month).
  await expect(page.getByTestId('usage-all-cost')).toHaveText('$0.0846');
  await expect(page.getByTestId('usage-all-calls')).toHaveText('6 calls');
  await expect(page.getByTestId('usage-all-tokens')).toHaveText('15,900 (12,700 in, 3,200 out)');
  const month = new Date().toISOString().slice(0, 7);
  const thisMonth = RECORDS.filter((r) => r.ts.startsWith(month)).length;
  await expect(page.getByTestId('usage-month-calls')).toHaveText(`${thisMonth} call${thisMonth === 1 ? '' : 's'}`);

  // Cost per day: 30 bars (today last), each named with its day, cost and calls.
  const expected = new Map<string, string>([
    [RECORDS[1]!.ts.slice(0, 10), '$0.0132, 1 call'],
    [RECORDS[2]!.ts.slice(0, 10), '$0.0270, 1 call'],
    [RECORDS[3]!.ts.slice(0, 10), '$0.0180, 2 calls'],
    [RECORDS[5]!.ts.slice(0, 10), '$0.0054, 1 call'],
  ]);
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  const labels = Array.from({ length: 30 }, (_v, i) => {
    const day = new Date(today - (29 - i) * DAY).toISOString().slice(0, 10);
    return `${day}: ${expected.get(day) ?? '$0, 0 calls'}`;
  });
  const perDay = page.getByRole('group', { name: 'Cost per day, last 30 days' });
  const bars = perDay.getByRole('img');
  await expect(bars).toHaveCount(30);
  expect(await bars.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual(labels);
  // The tooltip says the same.
  await expect(perDay.getByRole('img', { name: labels[29] })).toContainText(labels[29]!);

  // Per month: the old call's month is there too.
  await expect(page.getByRole('group', { name: 'Cost per month' }).getByRole('img')).toHaveCount(new Set(RECORDS.map((r) => r.ts.slice(0, 7))).size);

  // By machine and by command, as lists.
  const machines = page.getByRole('list', { name: 'By machine' }).getByRole('listitem');
  await expect(machines).toHaveCount(2);
  await expect(machines.filter({ hasText: 'laptop' })).toContainText('$0.0516 · 4 calls');
  await expect(machines.filter({ hasText: 'desktop' })).toContainText('$0.0330 · 2 calls');
  const commands = page.getByRole('list', { name: 'By command' }).getByRole('listitem');
  await expect(commands).toHaveCount(2);
  await expect(commands.filter({ hasText: 'harvest' })).toContainText('$0.0270 · 1 call');

  // Recent calls, newest first.
  const rows = page.getByRole('region', { name: 'Recent calls' }).getByRole('row');
  await expect(rows).toHaveCount(RECORDS.length + 1);
  await expect(rows.nth(1)).toContainText('$0.0054');
  await expect(rows.nth(RECORDS.length)).toContainText('$0.0210');
  expect(consoleErrors).toEqual([]);
});

test('with nothing recorded the usage view says so', async ({ page, host, consoleErrors }) => {
  await page.goto(host.uiUrl);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Usage' }).click();
  await expect(page.getByRole('heading', { name: 'No calls recorded yet' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Cost per day, last 30 days' })).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
