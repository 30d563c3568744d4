import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * Web e2e tests drive a real Chromium against the real `memsync serve`. Playwright's own browser
 * download is not available everywhere, so the system Chromium is used: /usr/bin/chromium
 * (Debian's package) unless MEMSYNC_CHROMIUM names another executable.
 */
const chromium = process.env.MEMSYNC_CHROMIUM ?? '/usr/bin/chromium';
const wantsWeb = !process.argv.includes('--project=electron');
if (wantsWeb && !existsSync(chromium)) {
  throw new Error(
    `Chromium not found at ${chromium}. Install it (Debian/Ubuntu: sudo apt-get install -y chromium) ` +
      'or set MEMSYNC_CHROMIUM to a Chrome/Chromium executable.',
  );
}

export default defineConfig({
  globalSetup: './tests/e2e/global-setup.ts',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: [[process.env.CI ? 'line' : 'list'], ['./tests/e2e/skip-reasons.ts']],
  outputDir: 'test-results',
  projects: [
    {
      name: 'web',
      testDir: 'tests/e2e/web',
      use: {
        browserName: 'chromium',
        headless: true,
        launchOptions: { executablePath: chromium },
        screenshot: 'only-on-failure',
        trace: 'retain-on-failure',
      },
    },
    {
      // Runs where an Electron binary exists; each spec skips with the reason otherwise.
      name: 'electron',
      testDir: 'tests/e2e/electron',
    },
    {
      // `npm run screenshots`: the README's pictures. Not part of `npm test`.
      name: 'screenshots',
      testDir: 'tests/screenshots',
      use: { browserName: 'chromium', headless: true, launchOptions: { executablePath: chromium } },
    },
  ],
});
