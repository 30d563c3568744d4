import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startServe } from '../../helpers/serve-process';
import { expect, memsync, test } from './fixtures';

/** Opens the window (token in the fragment) and goes to Settings through the sidebar. */
async function openSettings(page: Page, uiUrl: string) {
  await page.goto(uiUrl);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Refresh' })).toBeVisible();
}

const saved = (page: Page) => expect(page.getByRole('status').filter({ hasText: /^Saved$/ }).last()).toBeVisible();

test('a setting survives a restart of the host', async ({ page, host, home, fake, consoleErrors }) => {
  await openSettings(page, host.uiUrl);

  const cron = page.getByLabel('When (cron, local time)');
  await expect(cron).toHaveValue('55 23 * * *');
  await cron.fill('0 7 * * 1-5');
  await cron.press('Enter');
  await saved(page);
  const hold = page.getByRole('radio', { name: /Leave the edited file until I decide/ });
  await hold.check();
  await saved(page);
  await expect(hold).toBeChecked();

  // Both are in the settings file of this machine.
  const file = path.join(home.home, '.config', 'memsync-desktop', 'settings.json');
  const stored = async () => JSON.parse(await readFile(file, 'utf8')) as { refresh: { schedule: string }; drift: { foreignEdits: string } };
  await expect.poll(async () => (await stored()).drift.foreignEdits).toBe('hold');
  expect((await stored()).refresh.schedule).toBe('0 7 * * 1-5');

  // Leave the page before the host goes (a dropped event stream is not a console error to test here).
  await page.goto('about:blank');
  expect(await host.stop('SIGTERM')).toBe(0);
  const again = await startServe({ ...home.env, ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: 'sk-ant-e2e' }, ['--port', new URL(host.url).port]);
  try {
    // The same tab keeps its token, so the address alone opens Settings on the new host.
    await page.goto(`${again.url}/#/settings`);
    await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
    await expect(page.getByLabel('When (cron, local time)')).toHaveValue('0 7 * * 1-5');
    await expect(page.getByRole('radio', { name: /Leave the edited file until I decide/ })).toBeChecked();
    await expect(page.getByRole('radio', { name: /Put your memory back at once/ })).not.toBeChecked();
    await page.goto('about:blank');
  } finally {
    expect(await again.stop('SIGTERM')).toBe(0);
  }
  expect(consoleErrors).toEqual([]);
});

test('turning an agent on writes its file with the memory', async ({ page, host, home, memoryRoot, consoleErrors }) => {
  await openSettings(page, host.uiUrl);
  const gemini = page.getByRole('switch', { name: 'Gemini CLI / Antigravity' });
  await expect(gemini).not.toBeChecked();
  await gemini.check();
  await expect(page.getByRole('status').filter({ hasText: 'Gemini CLI / Antigravity now gets your memory.' })).toBeVisible();
  await expect(gemini).toBeChecked();

  const memory = await readFile(path.join(memoryRoot, 'GLOBAL_MEMORY.md'), 'utf8');
  const target = path.join(home.home, '.gemini', 'GEMINI.md');
  await expect.poll(() => readFile(target, 'utf8').catch(() => null)).toBe(memory);

  // Its mode and the explanation of it are there too.
  await expect(page.getByRole('combobox', { name: 'Mode for Gemini CLI / Antigravity' })).toHaveValue('copy');
  expect(consoleErrors).toEqual([]);
});

test('the API key is write-only: saved to the secret store, never shown', async ({ page, host, consoleErrors }) => {
  await openSettings(page, host.uiUrl);
  const status = page.getByTestId('api-key-status');
  // The host was started with ANTHROPIC_API_KEY in its environment.
  await expect(status).toHaveText(/^set \(from the ANTHROPIC_API_KEY environment variable\)$/);

  const key = 'sk-ant-api03-e2e-secret-0123456789abcdefghijklmnop';
  const field = page.getByLabel('New API key');
  await expect(field).toHaveAttribute('type', 'password');
  await field.fill(key);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(status).toHaveText(/^set \(in .+\)$/);
  await expect(page.getByRole('status').filter({ hasText: 'API key saved.' })).toBeVisible();
  await expect(field).toHaveValue('');
  await expect(page.locator('body')).not.toContainText(key);

  // After a reload the key is still not shown anywhere, only that it is set.
  await page.reload();
  await expect(page.getByTestId('api-key-status')).toHaveText(/^set \(in .+\)$/);
  await expect(page.getByLabel('New API key')).toHaveValue('');
  expect(await page.content()).not.toContain(key);
  expect(consoleErrors).toEqual([]);
});

test('the schedule shows its next runs as typed, and an error for garbage', async ({ page, host, consoleErrors }) => {
  await openSettings(page, host.uiUrl);
  const cron = page.getByLabel('When (cron, local time)');
  const runs = page.getByRole('list', { name: 'Next runs' }).locator('time');
  await expect(runs).toHaveCount(3);

  await cron.fill('0 7 * * 1-5'); // no Enter: the preview follows the typing
  await expect(runs.first()).toHaveAttribute('datetime', /./);
  await expect
    .poll(async () => {
      const stamps = await runs.evaluateAll((els) => els.map((e) => e.getAttribute('datetime')!));
      return stamps.map((s) => {
        const d = new Date(s);
        return `${d.getHours()}:${d.getMinutes()} ${d.getDay() >= 1 && d.getDay() <= 5 ? 'weekday' : 'weekend'}`;
      });
    })
    .toEqual(['7:0 weekday', '7:0 weekday', '7:0 weekday']);

  await cron.fill('every tuesday-ish');
  const schedule = page.getByRole('group', { name: 'Schedule' });
  await expect(schedule.getByRole('alert')).toBeVisible();
  await expect(runs).toHaveCount(0);
  // Garbage is not saved: Enter leaves the stored schedule alone.
  await cron.press('Enter');
  await expect(schedule.getByRole('alert')).toBeVisible();
  const settings = (await (
    await fetch(`${host.url}/api/getSettings`, { method: 'POST', headers: { authorization: `Bearer ${host.token}` } })
  ).json()) as { value: { refresh: { schedule: string } } };
  expect(settings.value.refresh.schedule).toBe('55 23 * * *');

  // Off: no schedule at all.
  await schedule.getByRole('checkbox', { name: /on a schedule/ }).uncheck();
  await saved(page);
  await expect(cron).toBeHidden();
  expect(consoleErrors).toEqual([]);
});

test('the capture token is hidden until shown, has a QR code, and rotating asks first', async ({ page, host, home, consoleErrors }) => {
  const before = (await memsync(home, undefined, 'token')).out.trim();
  expect(before).not.toBe('');
  await openSettings(page, host.uiUrl);
  const capture = page.getByRole('region', { name: 'Capture' });
  await expect(capture.getByTestId('capture-url')).toHaveText(`${host.url}/note`);
  await expect(capture).not.toContainText(before);
  const qr = capture.getByRole('img', { name: 'QR code with the capture address and token' });
  await expect(qr).toHaveCount(0);

  await capture.getByRole('button', { name: 'Show token' }).click();
  await expect(capture.getByTestId('capture-token')).toHaveText(before);
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((e) => e.tagName.toLowerCase())).toBe('svg');
  expect(await qr.locator('path').getAttribute('d')).toMatch(/^M\d+ \d+h1v1h-1z/);

  // Rotate: a question first; cancelling changes nothing.
  await capture.getByRole('button', { name: 'Rotate token…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Make a new capture token?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('must be given the new one');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect((await memsync(home, undefined, 'token')).out.trim()).toBe(before);

  await capture.getByRole('button', { name: 'Rotate token…' }).click();
  await dialog.getByRole('button', { name: 'Rotate token' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'New token made.' })).toBeVisible();
  await expect(capture.getByTestId('capture-token')).not.toHaveText(before);
  const after = (await memsync(home, undefined, 'token')).out.trim();
  expect(after).not.toBe(before);
  await expect(capture.getByTestId('capture-token')).toHaveText(after);
  expect(consoleErrors).toEqual([]);
});

test('LAN mode: names this computer is reached by are allowed, with a clear error for anything else', async ({ page, host, home, consoleErrors }) => {
  await openSettings(page, host.uiUrl);
  const capture = page.getByRole('region', { name: 'Capture' });
  await capture.getByRole('radio', { name: /On — listen on my network/ }).check();
  const address = capture.getByLabel('Address to listen on');
  await address.fill('0.0.0.0');
  await address.press('Enter');
  await expect(capture.getByText('Restart memsync for the new port or address to take effect.')).toBeVisible();

  const name = capture.getByLabel('Allow a name');
  await name.fill('http://pi.local:5001');
  await capture.getByRole('button', { name: 'Allow' }).first().click();
  await expect(capture.getByRole('alert')).toHaveText(/A host name is like pi\.local/);

  await name.fill('Pi.Local');
  await capture.getByRole('button', { name: 'Allow' }).first().click();
  const names = capture.getByRole('list', { name: 'Names this computer is reached by' });
  await expect(names.getByRole('listitem')).toHaveText([/pi\.local/]);
  const file = path.join(home.home, '.config', 'memsync-desktop', 'settings.json');
  await expect
    .poll(async () => (JSON.parse(await readFile(file, 'utf8')) as { capture: { hostNames: string[]; lanHost: string } }).capture)
    .toMatchObject({ hostNames: ['pi.local'], lanHost: '0.0.0.0' });

  await names.getByRole('button', { name: 'Remove pi.local' }).click();
  await expect(capture.getByText(/None: phones must use the address/)).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
