import { startServe } from '../../helpers/serve-process';
import { expect, test } from './fixtures';

test('the window renders the engine status from the real headless host', async ({ page, host, consoleErrors }) => {
  await page.goto(host.uiUrl);

  await expect(page.getByTestId('engine-state')).toHaveText('Running');
  await expect(page.getByTestId('engine-host')).toHaveText('Headless (memsync serve)');
  const status = (await (
    await fetch(`${host.url}/api/status`, { method: 'POST', headers: { authorization: `Bearer ${host.token}` } })
  ).json()) as { value: { version: string } };
  await expect(page.getByTestId('engine-version')).toHaveText(status.value.version);
  await expect(page.getByRole('status', { name: /Connection: Live/ })).toBeVisible();

  // The token moved out of the address bar (it is kept for this tab only).
  expect(page.url()).not.toContain('token=');
  await page.reload();
  await expect(page.getByTestId('engine-state')).toHaveText('Running');
  expect(consoleErrors).toEqual([]);
});

test('without its token the page explains what to open', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('alert')).toContainText('memsync serve');
  await expect(page.getByTestId('engine-state')).toHaveCount(0);
});

test('the live badge shows a lost connection and recovers when the host returns', async ({ page, host, home }) => {
  await page.goto(host.uiUrl);
  await expect(page.getByRole('status', { name: /Connection: Live/ })).toBeVisible();
  // Stop the host: the event stream drops and the badge says so.
  expect(await host.stop('SIGTERM')).toBe(0);
  await expect(page.getByRole('status', { name: /Disconnected/ })).toBeVisible();
  // The same HOME on the same port: the token persisted, so the page reconnects by itself.
  const again = await startServe(home.env, ['--port', new URL(host.url).port]);
  try {
    expect(again.token).toBe(host.token);
    await expect(page.getByRole('status', { name: /Connection: Live/ })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('engine-state')).toHaveText('Running');
  } finally {
    expect(await again.stop('SIGTERM')).toBe(0);
  }
});
