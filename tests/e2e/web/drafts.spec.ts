import { expect, test } from './fixtures';

test('a note being written survives a view switch and a reload, and is gone once saved', async ({ page, host, consoleErrors }) => {
  await page.goto(host.uiUrl);
  await page.getByRole('link', { name: /^Notes/ }).click();
  const box = page.getByRole('textbox', { name: 'Add a note' });
  await box.fill('Prefers pnpm in new repos,\nand small commits');

  await page.getByRole('link', { name: /^Home/ }).click();
  await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: /^Notes/ }).click();
  await expect(box).toHaveValue('Prefers pnpm in new repos,\nand small commits');

  await page.reload();
  await expect(box).toHaveValue('Prefers pnpm in new repos,\nand small commits');
  await page.getByRole('button', { name: 'Save note' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: '1 note waiting' })).toBeVisible();
  await expect(box).toHaveValue('');
  expect(consoleErrors).toEqual([]);
});

test('the quick note keeps what was typed across a reload', async ({ page, host, consoleErrors }) => {
  await page.goto(`${host.url}/quick-note.html#token=${host.token}`);
  await expect(page.getByRole('heading', { name: 'Quick note' })).toBeAttached(); // for screen readers
  const field = page.getByRole('textbox', { name: "Quick note for your agents' memory" });
  await field.fill('Try the inbox folder on the Pi');
  await page.reload();
  await expect(field).toHaveValue('Try the inbox folder on the Pi');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('status').filter({ hasText: /^Saved at/ })).toBeVisible();
  await page.reload();
  await expect(field).toHaveValue('');
  expect(consoleErrors).toEqual([]);
});

test('unsaved edits of the memory: leaving the page asks first, from any view', async ({ page, host, consoleErrors }) => {
  await page.goto(host.uiUrl);
  await page.getByRole('link', { name: 'Memory' }).click();
  await page.locator('.cm-line').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('\n- A line not saved yet');
  await expect(page.getByText('Unsaved changes')).toBeVisible();
  // Kept while another view is open, so leaving from there must ask too.
  await page.getByRole('link', { name: /^Home/ }).click();
  await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();

  const asked: string[] = [];
  page.once('dialog', (dialog) => {
    asked.push(dialog.type());
    void dialog.dismiss(); // stay
  });
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => asked).toEqual(['beforeunload']);
  expect(page.isClosed()).toBe(false);
  await page.getByRole('link', { name: 'Memory' }).click();
  await expect(page.getByRole('textbox', { name: 'GLOBAL_MEMORY.md' })).toContainText('A line not saved yet');

  // Saved: nothing to lose, nothing asked.
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  page.once('dialog', (dialog) => {
    asked.push(dialog.type());
    void dialog.accept();
  });
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => page.isClosed()).toBe(true);
  expect(asked).toEqual(['beforeunload']);
  expect(consoleErrors).toEqual([]);
});
