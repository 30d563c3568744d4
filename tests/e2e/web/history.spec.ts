import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, hostApi, test } from './fixtures';

interface Doc {
  content: string;
  hash: string;
}
interface Written {
  hash: string;
  backup: string | null;
}

const FIRST = '# Global Memory\n\n## Current priorities\n- Ship the history view\n';
const SECOND = '# Global Memory\n\n## Current priorities\n- Ship the history view\n- Then the usage chart\n';

test('with no backups yet the timeline says so', async ({ page, host, consoleErrors }) => {
  await page.goto(host.uiUrl);
  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('heading', { name: 'History', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No backups yet' })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('backups are listed, compared, viewed, and one is restored after confirming', async ({ page, host, memoryRoot, consoleErrors }) => {
  // Two saves: each keeps the version it replaced as a backup.
  const template = await hostApi<Doc>(host, 'readMemory');
  const one = await hostApi<Written>(host, 'writeMemory', { content: FIRST, expectedHash: template.hash });
  const two = await hostApi<Written>(host, 'writeMemory', { content: SECOND, expectedHash: one.hash });
  expect(one.backup).not.toBeNull();
  expect(two.backup).not.toBeNull();
  const backupsDir = path.join(memoryRoot, 'backups');
  const oldest = await readFile(path.join(backupsDir, one.backup!), 'utf8');
  expect(oldest).toBe(template.content);

  await page.goto(host.uiUrl);
  await page.getByRole('link', { name: 'History' }).click();
  const timeline = page.getByRole('list', { name: 'Backups, newest first' });
  await expect(timeline.getByRole('heading', { name: 'Today' })).toBeVisible();
  const ticks = timeline.getByRole('checkbox');
  await expect(ticks).toHaveCount(2);

  // Compare the two: the older (the starter template) against the newer (FIRST).
  const compare = page.getByRole('button', { name: 'Compare selected' });
  await expect(compare).toBeDisabled();
  await ticks.nth(0).check();
  await ticks.nth(1).check();
  await compare.click();
  const pair = page.getByRole('group', { name: /^Backup from .+ compared with Backup from .+$/ });
  await expect(pair).toContainText('Identity & context');
  await expect(pair).toContainText('Ship the history view');

  // View the oldest one (read-only), then compare it with the memory as it is now.
  await timeline.getByRole('button', { name: /^View the backup from/ }).nth(1).click();
  const viewer = page.getByRole('textbox', { name: /^Backup from .+ \(read-only\)$/ });
  await expect(viewer).toContainText('Identity & context');
  await viewer.click();
  await page.keyboard.insertText('typed into a backup');
  await expect(viewer).not.toContainText('typed into a backup');
  await page.getByRole('button', { name: 'Compare with current memory' }).click();
  const withCurrent = page.getByRole('group', { name: /compared with Current memory$/ });
  await expect(withCurrent).toContainText('Then the usage chart');

  // Restore it: asked first, then the file on disk is that backup again.
  await page.getByRole('button', { name: 'Restore…' }).click();
  const ask = page.getByRole('dialog', { name: /^Restore the backup from .+\?$/ });
  await expect(ask).toContainText('Your current memory is backed up first');
  await ask.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Restored the backup from / })).toBeVisible();
  await expect.poll(() => readFile(path.join(memoryRoot, 'GLOBAL_MEMORY.md'), 'utf8')).toBe(oldest);
  // The memory it replaced is the newest backup now, and the comparison shows no difference.
  await expect(ticks).toHaveCount(3);
  await expect(page.getByText('The same as the current memory.')).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
