import { startServe } from '../../helpers/serve-process';
import { expect, hostApi, test } from './fixtures';

test('the window renders the engine status from the real headless host', async ({ page, host, consoleErrors }) => {
  await page.goto(host.uiUrl);

  await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Memory' })).toContainText('17 lines');
  await expect(page.getByRole('article', { name: /Claude Code: In sync/ })).toBeVisible();
  const status = (await (
    await fetch(`${host.url}/api/status`, { method: 'POST', headers: { authorization: `Bearer ${host.token}` } })
  ).json()) as { value: { version: string } };
  await expect(page.getByTestId('engine-version')).toHaveText(`memsync ${status.value.version} · headless`);
  await expect(page.getByRole('status', { name: /Connection: Live/ })).toBeVisible();

  // The token moved out of the address bar (it is kept for this tab only).
  expect(page.url()).not.toContain('token=');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('without its token the page explains what to open', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('alert')).toContainText('memsync serve');
});

test('the live badge shows a lost connection and recovers when the host returns', async ({ page, host, home }) => {
  await page.goto(host.uiUrl);
  await expect(page.getByRole('status', { name: /Connection: Live/ })).toBeVisible();
  // Stop the host: the event stream drops and the badge says so.
  expect(await host.stop('SIGTERM')).toBe(0);
  await expect(page.getByRole('status', { name: /Offline/ })).toBeVisible();
  // The same HOME on the same port: the token persisted, so the page reconnects by itself.
  const again = await startServe(home.env, ['--port', new URL(host.url).port]);
  try {
    expect(again.token).toBe(host.token);
    await expect(page.getByRole('status', { name: /Connection: Live/ })).toBeVisible({ timeout: 15_000 });
  } finally {
    expect(await again.stop('SIGTERM')).toBe(0);
  }
});

test('live updates: a note added elsewhere shows up without reloading', async ({ page, host }) => {
  await page.goto(host.uiUrl);
  await expect(page.getByTestId('unmerged-count')).toHaveText('0 notes waiting');
  const response = await fetch(`${host.url}/api/addNote`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'added from somewhere else' }),
  });
  expect(response.status).toBe(200);
  await expect(page.getByTestId('unmerged-count')).toHaveText('1 note waiting');
});

test('offline: every view keeps what it showed, a banner says why, and what needs the host waits', async ({ page, host, home, consoleErrors }) => {
  for (const text of ['Prefers pnpm', 'Ship the inbox folder']) await hostApi(host, 'addNote', { text });
  await page.goto(host.uiUrl);
  await page.getByRole('link', { name: /^Notes/ }).click();
  const list = page.getByRole('region', { name: 'Your notes' }).getByRole('listitem');
  await expect(list).toHaveCount(2);
  await page.getByRole('link', { name: /^Home/ }).click();
  await expect(page.getByTestId('unmerged-count')).toHaveText('2 notes waiting');

  expect(await host.stop('SIGTERM')).toBe(0);
  const banner = page.getByRole('alert').filter({ hasText: 'memsync is not reachable' });
  await expect(banner).toBeVisible();
  await expect(page.getByTestId('unmerged-count')).toHaveText('2 notes waiting');
  await expect(page.getByRole('button', { name: 'Merge notes now' })).toBeDisabled();

  // A view opened while offline shows what it last loaded, not "0 notes" and an empty list.
  await page.getByRole('link', { name: /^Notes/ }).click();
  await expect(page.getByRole('heading', { name: '2 notes waiting' })).toBeVisible();
  await expect(list).toHaveCount(2);
  await expect(banner).toBeVisible();
  await expect(page.getByRole('button', { name: /^Dismiss the note/ }).first()).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save note' })).toBeDisabled();
  // The connection's badge says so, inside the sidebar.
  const badge = page.getByRole('status', { name: /^Connection: Offline/ });
  await expect(badge).toBeVisible();
  const [inner, outer] = [await badge.boundingBox(), await page.getByRole('navigation', { name: 'Views' }).boundingBox()];
  expect(inner!.x + inner!.width).toBeLessThanOrEqual(outer!.x + outer!.width);

  // Back: the banner goes, the controls work again, and the view has caught up.
  const again = await startServe(home.env, ['--port', new URL(host.url).port]);
  try {
    await expect(banner).toBeHidden({ timeout: 15_000 });
    await expect(page.getByRole('button', { name: /^Dismiss the note/ }).first()).toBeEnabled();
    await page.getByRole('button', { name: /^Dismiss the note/ }).first().click();
    await expect(page.getByRole('heading', { name: '1 note waiting' })).toBeVisible();
  } finally {
    expect(await again.stop('SIGTERM')).toBe(0);
  }
  // The browser logs each refused reconnect; nothing else may be logged.
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !/ERR_CONNECTION_REFUSED|Failed to fetch/.test(e)));
  expect(consoleErrors).toEqual([]);
});
