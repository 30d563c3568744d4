import { test as base, expect, type ConsoleMessage } from '@playwright/test';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';
import { startServe, type ServeProcess } from '../../helpers/serve-process';

interface Fixtures {
  home: TempHome;
  host: ServeProcess;
  /** Console errors (CSP violations among them) collected during the test; asserted empty. */
  consoleErrors: string[];
}

/** Every web test gets its own temporary HOME and its own real `memsync serve`. */
export const test = base.extend<Fixtures>({
  // Playwright reads fixture dependencies from the destructuring pattern, so an empty one is required.
  // eslint-disable-next-line no-empty-pattern
  home: async ({}, use) => {
    const home = await makeTempHome();
    await use(home);
    await home.cleanup();
  },
  host: async ({ home }, use) => {
    const host = await startServe(home.env);
    await use(host);
    expect(await host.stop('SIGTERM')).toBe(0);
  },
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await use(errors);
    expect(errors, 'console errors (CSP violations, exceptions)').toEqual([]);
  },
});

export { expect };
