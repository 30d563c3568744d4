import { test as base, expect, type ConsoleMessage } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../../../src-main/cli/program';
import { startFakeAnthropic, type FakeAnthropic } from '../../helpers/fake-anthropic';
import { startServe, type ServeProcess } from '../../helpers/serve-process';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

interface Fixtures {
  home: TempHome;
  /** A fake Messages API the host talks to (ANTHROPIC_BASE_URL), with a key set. */
  fake: FakeAnthropic;
  /** Where GLOBAL_MEMORY.md lives (initialized before the host starts). */
  memoryRoot: string;
  host: ServeProcess;
  /** Console errors (CSP violations among them) collected during the test; asserted empty. */
  consoleErrors: string[];
}

/** Runs a memsync CLI command against the test's HOME (same engine code as the host). */
export async function memsync(home: TempHome, fake: FakeAnthropic | undefined, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = { out: '', err: '' };
  const code = await runCli(args, {
    env: { ...home.env, ...(fake ? { ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: 'sk-ant-e2e' } : {}) },
    stdout: (t) => void (out.out += t),
    stderr: (t) => void (out.err += t),
  });
  return { code, ...out };
}

/** Calls the host's API the way the window does (Bearer token, JSON input, `{ value }` answer). */
export async function hostApi<T = unknown>(host: ServeProcess, method: string, input?: unknown): Promise<T> {
  const response = await fetch(`${host.url}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
    ...(input === undefined ? {} : { body: JSON.stringify(input) }),
  });
  const body = (await response.json()) as { value: T; error?: { message: string } };
  expect(response.status, body.error?.message).toBe(200);
  return body.value;
}

/** Every web test gets its own temporary HOME, memory folder, fake Claude API and real `memsync serve`. */
export const test = base.extend<Fixtures>({
  // Playwright reads fixture dependencies from the destructuring pattern, so an empty one is required.
  // eslint-disable-next-line no-empty-pattern
  home: async ({}, use) => {
    const home = await makeTempHome();
    await use(home);
    await home.cleanup();
  },
  // eslint-disable-next-line no-empty-pattern
  fake: async ({}, use) => {
    const fake = await startFakeAnthropic({ requireApiKey: 'sk-ant-e2e' });
    await use(fake);
    await fake.close();
  },
  memoryRoot: async ({ home }, use) => {
    const sync = path.join(home.home, 'Sync');
    await mkdir(sync);
    const result = await memsync(home, undefined, 'init', '--sync-root', sync);
    expect(result.code, result.err).toBe(0);
    await use(path.join(sync, '.claude-memory'));
  },
  host: async ({ home, fake, memoryRoot }, use) => {
    void memoryRoot;
    const host = await startServe({ ...home.env, ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: 'sk-ant-e2e' });
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
