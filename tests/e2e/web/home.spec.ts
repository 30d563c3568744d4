import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, memsync, test } from './fixtures';

// Outside edits are held (not put back at once) from the start: set before the host starts.
const holding = test.extend({
  memoryRoot: async ({ memoryRoot, home }, use) => {
    const held = await memsync(home, undefined, 'config', 'set', 'foreign_edits', 'hold');
    expect(held.code, held.err).toBe(0);
    await use(memoryRoot);
  },
});

holding('a held outside edit counts once, and its card’s button says what it does and does it for that agent', async ({ page, host, home, memoryRoot, consoleErrors }) => {
  const claude = path.join(home.home, '.claude', 'CLAUDE.md');
  const memory = await readFile(path.join(memoryRoot, 'GLOBAL_MEMORY.md'), 'utf8');
  await page.goto(host.uiUrl);
  const homeLink = page.getByRole('link', { name: /^Home/ });
  await expect(homeLink).toHaveAccessibleName('Home');

  await writeFile(claude, `${memory}\n- (learned by Claude Code) prefers uv for Python\n`);
  const card = page.getByRole('article', { name: 'Claude Code: Outside edit held' });
  await expect(card).toBeVisible();
  // One edit, one thing to decide: not the edit and its held file counted apart.
  await expect(homeLink).toHaveAccessibleName('Home 1 waiting');
  await expect(card.getByRole('button', { name: 'Sync now' })).toHaveCount(0);

  await card.getByRole('button', { name: 'Discard their edit…' }).click();
  const ask = page.getByRole('dialog', { name: 'Discard the outside edit of Claude Code’s file?' });
  await expect(ask).toContainText(claude);
  await ask.getByRole('button', { name: 'Discard the edit' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Claude Code’s file has your memory again.' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Claude Code: In sync' })).toBeVisible();
  await expect(homeLink).toHaveAccessibleName('Home');
  expect(await readFile(claude, 'utf8')).toBe(memory);
  expect(consoleErrors).toEqual([]);
});
