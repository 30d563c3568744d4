import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { ServeProcess } from '../../helpers/serve-process';
import { expect, test } from './fixtures';

// An agent edits its own file; the person reviews what adopting writes (merged three ways) first.

const PRIORITIES = "- (What you're working on right now)";

async function listEdits(host: ServeProcess): Promise<unknown[]> {
  const response = await fetch(`${host.url}/api/listForeignEdits`, { method: 'POST', headers: { authorization: `Bearer ${host.token}` } });
  return ((await response.json()) as { value: unknown[] }).value;
}

/** The agent edits CLAUDE.md; the running host saves that version and puts the memory back. */
async function agentEdits(host: ServeProcess, claude: string, change: (text: string) => string): Promise<string> {
  const memory = await readFile(claude, 'utf8');
  await writeFile(claude, change(memory));
  await expect.poll(async () => (await listEdits(host)).length).toBe(1);
  await expect.poll(() => readFile(claude, 'utf8')).toBe(memory);
  return memory;
}

async function openReview(page: Page, host: ServeProcess) {
  await page.goto(host.uiUrl);
  const card = page.getByRole('article', { name: /^Outside edit of / });
  await card.getByRole('button', { name: 'Review and adopt…' }).click();
  return card;
}

test('adopting merges the agent\'s change and keeps what the memory gained since, shown first', async ({ page, host, home, memoryRoot, consoleErrors }) => {
  const claude = path.join(home.home, '.claude', 'CLAUDE.md');
  const memoryFile = path.join(memoryRoot, 'GLOBAL_MEMORY.md');
  const memory = await agentEdits(host, claude, (m) => m.replace(PRIORITIES, `${PRIORITIES}\n- Ship the agent's change`));
  await writeFile(memoryFile, `${memory}- Added on another machine afterwards\n`);

  const card = await openReview(page, host);
  const review = card.getByRole('region', { name: 'What adopting writes' });
  await expect(review).toContainText("Only the agent's change is taken");
  await expect(review.getByText('Your memory now', { exact: true })).toBeVisible();
  await expect(review.getByText('After adopting', { exact: true })).toBeVisible();
  const after = review.getByRole('textbox', { name: 'After adopting' });
  await expect(after).toContainText("Ship the agent's change");
  // The line the memory gained is unchanged by adopting, so it is folded away with the rest.
  await expect(after).not.toContainText('Added on another machine afterwards');
  expect(await readFile(memoryFile, 'utf8')).not.toContain("agent's change");

  await review.getByRole('button', { name: 'Adopt into memory' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Adopted into your memory' })).toBeVisible();
  const adopted = await readFile(memoryFile, 'utf8');
  expect(adopted).toContain("- Ship the agent's change");
  expect(adopted).toContain('- Added on another machine afterwards');
  await expect(page.getByRole('article', { name: /^Outside edit of / })).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('where both changed the same lines, both sides are shown and nothing is adopted until chosen', async ({ page, host, home, memoryRoot, consoleErrors }) => {
  const claude = path.join(home.home, '.claude', 'CLAUDE.md');
  const memoryFile = path.join(memoryRoot, 'GLOBAL_MEMORY.md');
  const memory = await agentEdits(host, claude, (m) => m.replace(PRIORITIES, "- The agent's priority"));
  await writeFile(memoryFile, memory.replace(PRIORITIES, '- My priority'));

  const card = await openReview(page, host);
  const conflict = card.getByRole('group', { name: 'Conflict 1 of 1' });
  await expect(conflict).toContainText('Your memory');
  await expect(conflict).toContainText('- My priority');
  await expect(conflict).toContainText("- The agent's priority");
  const adopt = card.getByRole('button', { name: 'Adopt into memory' });
  await expect(adopt).toBeDisabled();
  await expect(card).toContainText('Choose for 1 conflict first.');

  await conflict.getByRole('radio', { name: 'Keep both' }).check();
  await expect(card.getByRole('textbox', { name: 'After adopting' })).toContainText("The agent's priority");
  await adopt.click();
  await expect(page.getByRole('status').filter({ hasText: 'Adopted into your memory' })).toBeVisible();
  expect(await readFile(memoryFile, 'utf8')).toContain("- My priority\n- The agent's priority\n");
  expect(consoleErrors).toEqual([]);
});

test('a deleted memory is shown as missing, not as a fresh start, and comes back from the agent\'s file', async ({ page, host, home, memoryRoot, consoleErrors }) => {
  const memoryFile = path.join(memoryRoot, 'GLOBAL_MEMORY.md');
  const mine = (await readFile(memoryFile, 'utf8')).replace(PRIORITIES, '- Months of my own notes');
  await writeFile(memoryFile, mine);
  await expect.poll(() => readFile(path.join(home.home, '.claude', 'CLAUDE.md'), 'utf8')).toBe(mine);
  await page.goto(host.uiUrl);
  await rm(memoryFile);

  const card = page.getByRole('region', { name: 'Memory' });
  await expect(card.getByRole('alert')).toContainText('GLOBAL_MEMORY.md is missing, but your memory still exists.');
  await card.getByRole('button', { name: "Use Claude Code's file" }).click();
  await expect(page.getByRole('status').filter({ hasText: "Your memory is back, from Claude Code's file." })).toBeVisible();
  expect(await readFile(memoryFile, 'utf8')).toBe(mine);
  expect(consoleErrors).toEqual([]);
});
