// The README's screenshots, from the real app in a realistic state:
//   npm run screenshots      (writes docs/screenshots/<view>-<light|dark>.png, and phone-sized
//                             narrow-<view>-<light|dark>.png)
// Not part of `npm test`. Look at every PNG before committing it.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startRealisticHost } from '../helpers/realistic-state';
import { repoRoot } from '../helpers/repo';
import { openView, VIEWS, type View } from '../e2e/web/window';
import { test } from '../e2e/web/fixtures';

const out = path.join(repoRoot, 'docs', 'screenshots');
/** A phone held upright: what `memsync serve` looks like opened from the phone's browser. */
const NARROW: View[] = ['home', 'notes', 'approvals'];

async function shoot(page: Page, file: string, fullPage: boolean): Promise<void> {
  await page.evaluate('document.activeElement?.blur()'); // the view's title was focused: no ring in the picture
  // CodeMirror measures lines as they scroll into view; a full-page shot never scrolls, so do.
  await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
  await page.waitForTimeout(300);
  await page.evaluate('window.scrollTo(0, 0)');
  await page.waitForTimeout(500); // editors and charts finish drawing (the event stream keeps the network busy)
  await page.screenshot({ path: path.join(out, file), fullPage });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`every view, ${scheme}`, async ({ browser, home, fake, memoryRoot }) => {
    test.setTimeout(180_000);
    const host = await startRealisticHost(home, fake, memoryRoot);
    try {
      await mkdir(out, { recursive: true });
      const page = await browser.newPage({ viewport: { width: 1180, height: 860 }, colorScheme: scheme });
      await page.goto(host.uiUrl);
      for (const view of VIEWS) {
        await openView(page, host, view);
        await shoot(page, `${view}-${scheme}.png`, view !== 'memory');
      }
      await page.setViewportSize({ width: 390, height: 844 });
      for (const view of NARROW) {
        await openView(page, host, view);
        await shoot(page, `narrow-${view}-${scheme}.png`, false);
      }
      await page.goto(`${host.url}/quick-note.html`);
      await page.setViewportSize({ width: 420, height: 250 });
      await page.getByRole('textbox').fill('Prefers small, focused pull requests');
      await page.screenshot({ path: path.join(out, `quick-note-${scheme}.png`) });
      await page.close();
    } finally {
      await host.stop('SIGTERM');
    }
  });
}
