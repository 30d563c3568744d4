import { startRealisticHost } from '../../helpers/realistic-state';
import { expect, hostApi, test } from './fixtures';
import { axe, openView, sidewaysOverflow, VIEWS } from './window';

test('no view scrolls sideways at 360, 420, 720 or 1280 px; long paths are cut with the full text on hover', async ({ page, home, fake, memoryRoot, consoleErrors }) => {
  test.setTimeout(90_000);
  const host = await startRealisticHost(home, fake, memoryRoot);
  try {
    await page.goto(host.uiUrl);
    for (const width of [360, 420, 720, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      for (const view of VIEWS) {
        await openView(page, host, view);
        expect.soft(await sidewaysOverflow(page), `${view} at ${width} px scrolls sideways by this many pixels`).toBe(0);
      }
    }
    // Agents' file paths: one line each, cut with an ellipsis inside the card, the whole path on hover.
    await page.setViewportSize({ width: 360, height: 800 });
    await openView(page, host, 'home');
    const claude = page.getByRole('article', { name: /^Claude Code:/ }).locator('.path');
    await expect(claude).toHaveAttribute('title', `${home.home}/.claude/CLAUDE.md`);
    for (const card of await page.getByRole('article', { name: /: / }).all()) {
      const path = card.locator('.path');
      expect(await path.getAttribute('title')).toBe(await path.textContent());
      await expect(path).toHaveCSS('text-overflow', 'ellipsis');
      const [inner, outer] = [(await path.boundingBox())!, (await card.boundingBox())!];
      expect(inner.x + inner.width).toBeLessThanOrEqual(outer.x + outer.width);
    }
  } finally {
    await host.stop('SIGTERM');
  }
  expect(consoleErrors).toEqual([]);
});

test('on a phone the views are tabs above the page: named, counted, and switching lands on the view’s title', async ({ page, host, consoleErrors }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(host.uiUrl);
  await expect(page).toHaveTitle('Home — memsync');
  const nav = page.getByRole('navigation', { name: 'Views' });
  await expect(nav.getByRole('link')).toHaveCount(7);
  // Icons only at this width, but each tab keeps its name (and the connection stays in the bar).
  await expect(nav.getByRole('link', { name: 'Notes' })).toBeVisible();
  await expect(nav.getByRole('status', { name: 'Connection: Live' })).toBeVisible();
  const box = (await nav.boundingBox())!;
  expect(box.width).toBeLessThanOrEqual(360);

  await hostApi(host, 'addNote', { text: 'A note from the phone' });
  await expect(nav.getByRole('link', { name: 'Notes 1 waiting' })).toBeVisible();

  await nav.getByRole('link', { name: /^Notes/ }).click();
  await expect(page).toHaveTitle('Notes — memsync');
  await expect(page.getByRole('heading', { name: 'Notes', level: 1 })).toBeFocused();
  // The badge and the list it counts agree.
  await expect(page.getByRole('heading', { name: '1 note waiting' })).toBeVisible();

  // Axe on the compact bar too (the views themselves are checked in accessibility.spec.ts).
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect((await axe(page)).serious, `axe at 360 px, ${scheme}`).toEqual([]);
  }
  expect(consoleErrors).toEqual([]);
});

test('a skip link leads past the navigation to the view’s title', async ({ page, host, consoleErrors }) => {
  await page.goto(host.uiUrl);
  await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeFocused();
  expect(page.url()).not.toContain('#main'); // the fragment names views; the skip must not change it
  // Ctrl+3 switches to Notes: the new title is announced (focused) and names the tab.
  await page.keyboard.press('Control+3');
  await expect(page.getByRole('heading', { name: 'Notes', level: 1 })).toBeFocused();
  await expect(page).toHaveTitle('Notes — memsync');
  expect(consoleErrors).toEqual([]);
});
