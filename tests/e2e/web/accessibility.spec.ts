import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startRealisticHost } from '../../helpers/realistic-state';
import type { ServeProcess } from '../../helpers/serve-process';
import { makeTempHome } from '../../helpers/temp-home';
import { expect, memsync, test } from './fixtures';
import { axe, openView, VIEWS, type View } from './window';

test.use({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });

/** The views whose empty state is more than the lived-in one with other words in it. */
const EMPTY_DIFFERS: View[] = ['home', 'notes', 'approvals', 'history', 'usage'];

/**
 * Checks the page as it is in both themes: every rule in light, then the colour rules in dark
 * (what the theme changes). Serious and critical findings fail the test; every count is reported.
 */
async function check(page: Page, where: string, report: string[]): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const result = await axe(page, scheme === 'light' ? 'all' : 'colours');
    report.push(`${`${where}, ${scheme}`.padEnd(40)} ${Object.entries(result.counts).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    expect.soft(result.serious, `axe: serious or critical findings on ${where} (${scheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function everyView(page: Page, host: ServeProcess, label: string, report: string[], views: readonly View[] = VIEWS): Promise<void> {
  await page.goto(host.uiUrl);
  for (const view of views) {
    await openView(page, host, view);
    await check(page, `${view}${label}`, report);
  }
}

test('axe finds nothing serious on any view, dialog or state, in light and dark', async ({ page, context, host, fake, consoleErrors }) => {
  test.setTimeout(120_000);
  // Lived in (notes, a proposal with a flagged line, backups, usage, an outside edit held), on a
  // HOME of its own, so the fixture's host stays empty: both are checked side by side.
  const other = await makeTempHome();
  const sync = path.join(other.home, 'Sync');
  await mkdir(sync);
  expect((await memsync(other, undefined, 'init', '--sync-root', sync)).code).toBe(0);
  const memoryRoot = path.join(sync, '.claude-memory');
  const lived = await startRealisticHost(other, fake, memoryRoot, { flagged: true });
  const livedPage = await context.newPage();
  livedPage.on('console', (m) => void (m.type() === 'error' && consoleErrors.push(m.text())));
  const empty: string[] = [];
  const report: string[] = [];
  try {
    // Empty Memory and Settings are the lived-in ones with other text: not checked twice.
    await Promise.all([everyView(page, host, ' (empty)', empty, EMPTY_DIFFERS), everyView(livedPage, lived, '', report)]);

    const p = livedPage;
    await openView(p, lived, 'home');
    await p.getByRole('button', { name: 'Review and adopt…' }).click();
    await expect(p.getByRole('group', { name: /compared with/ })).toContainText('prefers uv');
    await check(p, 'home: outside edit reviewed', report);
    await p.getByRole('button', { name: 'Discard their edit…' }).click();
    await expect(p.getByRole('dialog')).toBeVisible();
    await check(p, 'home: discard dialog', report);
    await p.keyboard.press('Escape');

    await openView(p, lived, 'approvals');
    await p.getByRole('button', { name: 'Reject…' }).click();
    await expect(p.getByRole('dialog', { name: 'Reject this update?' })).toBeVisible();
    await check(p, 'approvals: reject dialog', report);
    await p.keyboard.press('Escape');

    // An edit racing a change made elsewhere to the same line: both versions, a choice.
    const file = path.join(memoryRoot, 'GLOBAL_MEMORY.md');
    await openView(p, lived, 'memory');
    await p.locator('.cm-line', { hasText: 'Ship the new capture endpoint' }).click();
    await p.keyboard.press('End');
    await p.keyboard.insertText(' this week');
    await writeFile(file, (await readFile(file, 'utf8')).replace('- Ship the new capture endpoint for the phone shortcut', '- Ship the capture endpoint and the inbox'));
    await expect(p.getByRole('region', { name: 'The memory changed elsewhere while you were editing' })).toBeVisible();
    await check(p, 'memory: edit conflict', report);
    await p.getByRole('button', { name: 'Discard my edits' }).click();

    // The proposal's lines changed meanwhile: approving explains the clash.
    await openView(p, lived, 'approvals');
    await p.getByRole('button', { name: /^Approve/ }).click();
    const conflict = p.getByRole('region', { name: 'The update could not be applied' });
    const confirm = p.getByRole('dialog'); // approving flagged changes may ask first
    await expect(conflict.or(confirm)).toBeVisible();
    if (await confirm.isVisible()) await confirm.getByRole('button').last().click();
    await expect(conflict).toBeVisible();
    await check(p, 'approvals: conflict', report);

    // Offline: the banner, and every control disabled.
    await openView(p, lived, 'notes');
    await lived.stop('SIGTERM');
    await expect(p.getByRole('alert').filter({ hasText: 'memsync is not reachable' })).toBeVisible();
    await check(p, 'notes: offline', report);
  } finally {
    await lived.stop('SIGTERM');
    await other.cleanup();
    console.log(`axe findings per impact (0 serious or critical is the bar):\n  ${[...empty, ...report].join('\n  ')}`);
  }
  // The browser logs the refused reconnects of the offline step; nothing else may be logged.
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !/ERR_CONNECTION_REFUSED|Failed to fetch/.test(e)));
});
