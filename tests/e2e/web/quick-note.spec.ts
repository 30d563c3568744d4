import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './fixtures';

test('the quick note saves with Ctrl+Enter, says so, and the note is in the session log', async ({ page, host, memoryRoot, consoleErrors }) => {
  // The popup is its own page; the token arrives the same way as for the main window.
  await page.goto(`${host.url}/quick-note.html#token=${host.token}`);
  const field = page.getByRole('textbox', { name: "Quick note for your agents' memory" });
  await expect(field).toBeFocused();
  await field.fill('Prefers small, focused pull requests');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('status').filter({ hasText: /^Saved at \d{2}:\d{2}:\d{2}$/ })).toBeVisible();
  await expect(field).toHaveValue('');

  const [day] = await readdir(path.join(memoryRoot, 'sessions'));
  const log = await readFile(path.join(memoryRoot, 'sessions', day!), 'utf8');
  expect(log).toMatch(/### \d{2}:\d{2}:\d{2} \(captured\)\n<!-- memsync-note id=\S+ source=ui -->\nPrefers small, focused pull requests\n/);
  expect(consoleErrors).toEqual([]);
});

test('an empty quick note cannot be saved', async ({ page, host }) => {
  await page.goto(`${host.url}/quick-note.html#token=${host.token}`);
  await expect(page.getByRole('button', { name: 'Save' })).toBeDisabled();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toHaveCount(0);
});
