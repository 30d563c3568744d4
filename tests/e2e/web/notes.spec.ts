import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { ServeProcess } from '../../helpers/serve-process';
import { expect, test } from './fixtures';

/** A note stored through the host's API, as a phone shortcut or a script would. */
async function addNote(host: ServeProcess, text: string, source?: string): Promise<void> {
  const response = await fetch(`${host.url}/api/addNote`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(source ? { text, source } : { text }),
  });
  expect(response.status).toBe(200);
}

async function openNotes(page: Page, host: ServeProcess): Promise<void> {
  await page.goto(host.uiUrl);
  await page.getByRole('link', { name: /^Notes/ }).click();
  await expect(page.getByRole('heading', { name: 'Notes', level: 1 })).toBeVisible();
}

const listed = (page: Page) => page.getByRole('region', { name: 'Your notes' }).getByRole('listitem');
const noteItem = (page: Page, text: string) => listed(page).filter({ hasText: text });

test('a note added with the button or with Ctrl+Enter is saved, confirmed and listed under today', async ({ page, host, consoleErrors }) => {
  await openNotes(page, host);
  await expect(page.getByText('No notes are waiting.', { exact: false }).first()).toBeVisible();

  const box = page.getByRole('textbox', { name: 'Add a note' });
  await expect(page.locator('kbd').filter({ hasText: /^Ctrl\+Enter$/i })).toBeVisible();
  await box.fill('Decided: the approvals view shows one card per change');
  await page.getByRole('button', { name: 'Save note' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await expect(box).toHaveValue('');

  await box.fill('Prefers small pull requests');
  await box.press('Control+Enter');
  await expect(box).toHaveValue('');

  const today = page.getByRole('region', { name: /^Today/ });
  await expect(today.getByRole('listitem')).toHaveCount(2);
  // Newest first, each with its time, source and state.
  await expect(today.getByRole('listitem').first()).toContainText('Prefers small pull requests');
  const first = noteItem(page, 'Decided: the approvals view');
  await expect(first).toContainText('window');
  await expect(first).toContainText('waiting');
  await expect(first.locator('time')).toHaveText(/^\d\d:\d\d$/);
  await expect(page.getByRole('heading', { name: '2 notes waiting' })).toBeVisible();
  await expect(page.getByRole('radio', { name: /Waiting/ })).toBeChecked();
  expect(consoleErrors).toEqual([]);
});

test('a secret in a note is removed before it is stored, and the window says so', async ({ page, host, consoleErrors }) => {
  await openNotes(page, host);
  // Built from pieces so no scanner mistakes this file for a leak.
  const key = ['sk', 'ant', 'api03', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v2W3x4Y5z6A7b8C9d0E1f2G3h4I5j6K7l8M9n0O1p2Q3r4'].join('-');
  await page.getByRole('textbox', { name: 'Add a note' }).fill(`The staging key is ${key} for now`);
  await page.getByRole('button', { name: 'Save note' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Secrets were removed from this note' })).toContainText('Anthropic API key');
  const item = noteItem(page, 'The staging key is');
  await expect(item).toContainText('[REDACTED:');
  await expect(item).toContainText('secrets removed');
  await expect(item).not.toContainText(key.slice(20, 40));
  expect(consoleErrors).toEqual([]);
});

test('notes added elsewhere (phone, inbox folder) appear live, without a reload', async ({ page, host, memoryRoot, consoleErrors }) => {
  await openNotes(page, host);
  await expect(page.getByRole('heading', { name: '0 notes waiting' })).toBeVisible();

  await addNote(host, 'Sent from the phone shortcut', 'http:iphone');
  const phone = noteItem(page, 'Sent from the phone shortcut');
  await expect(phone).toBeVisible();
  await expect(phone).toContainText('phone: iphone');

  const inbox = path.join(memoryRoot, 'inbox');
  await mkdir(inbox, { recursive: true });
  await writeFile(path.join(inbox, 'from-the-cloud.md'), 'Dropped into the inbox folder\n');
  const dropped = noteItem(page, 'Dropped into the inbox folder');
  await expect(dropped).toBeVisible({ timeout: 15_000 });
  await expect(dropped).toContainText('inbox folder');
  await expect(page.getByRole('heading', { name: '2 notes waiting' })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('notes are dismissed one by one or all at once, restored, and filtered by state', async ({ page, host, consoleErrors }) => {
  await addNote(host, 'First waiting note', 'cli');
  await addNote(host, 'Second waiting note', 'tray');
  await addNote(host, 'Third waiting note');
  await openNotes(page, host);
  await expect(page.getByRole('radio', { name: 'Waiting 3' })).toBeChecked();
  await expect(noteItem(page, 'Second waiting note')).toContainText('quick note');
  await expect(noteItem(page, 'First waiting note')).toContainText('command line');

  // One dismissed: it leaves the waiting list and shows under Dismissed.
  await noteItem(page, 'Second waiting note').getByRole('button', { name: /^Dismiss the note/ }).click();
  await expect(noteItem(page, 'Second waiting note')).toHaveCount(0);
  await expect(page.getByRole('radio', { name: 'Waiting 2' })).toBeVisible();
  await page.getByRole('radio', { name: /Dismissed/ }).check();
  await expect(listed(page)).toHaveCount(1);
  await expect(noteItem(page, 'Second waiting note')).toContainText('dismissed');

  // Restored: it waits again.
  await noteItem(page, 'Second waiting note').getByRole('button', { name: /^Restore the note/ }).click();
  await expect(page.getByText('No dismissed notes.')).toBeVisible();
  await page.getByRole('radio', { name: /Waiting/ }).check();
  await expect(listed(page)).toHaveCount(3);

  // All waiting ones at once, after a confirmation (cancel first: nothing changes).
  await page.getByRole('button', { name: 'Dismiss all waiting' }).click();
  const dialog = page.getByRole('dialog', { name: 'Dismiss all waiting notes?' });
  await expect(dialog).toContainText('3 waiting notes will not be merged');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(listed(page)).toHaveCount(3);
  await page.getByRole('button', { name: 'Dismiss all waiting' }).click();
  await dialog.getByRole('button', { name: 'Dismiss 3 notes' }).click();
  await expect(page.getByText('No notes are waiting. Add one above', { exact: false })).toBeVisible();
  await expect(page.getByRole('heading', { name: '0 notes waiting' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Merge notes now' })).toBeDisabled();

  await page.getByRole('radio', { name: /Dismissed/ }).check();
  await expect(listed(page)).toHaveCount(3);
  await page.getByRole('radio', { name: /All/ }).check();
  await expect(listed(page)).toHaveCount(3);
  await page.getByRole('radio', { name: /Merged/ }).check();
  await expect(page.getByText('No notes have been merged yet.')).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
