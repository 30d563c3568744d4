import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { reply, startFakeAnthropic, type FakeAnthropic } from '../../helpers/fake-anthropic';
import { patchAnswer } from '../../helpers/refresh-setup';
import { repoRoot } from '../../helpers/repo';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';
import { electronBinary, NO_ELECTRON } from './electron-binary';

const binary = electronBinary();
test.skip(!binary, NO_ELECTRON);

/** What the shell exposes to these specs in a development build run with MEMSYNC_E2E=1. */
type TrayMenu = { state: string; tooltip: string; menu: { pendingApprovals: number; paused: boolean } };

let home: TempHome;
let fake: FakeAnthropic;
let app: ElectronApplication;
let sync: string;

test.beforeEach(async () => {
  home = await makeTempHome();
  fake = await startFakeAnthropic({ requireApiKey: 'sk-ant-e2e' });
  sync = path.join(home.home, 'Sync');
  await mkdir(sync);
  app = await electron.launch({
    executablePath: binary!,
    args: [repoRoot],
    env: { ...home.env, MEMSYNC_E2E: '1', MEMSYNC_PORT: '0', ANTHROPIC_API_KEY: 'sk-ant-e2e', ANTHROPIC_BASE_URL: fake.url } as Record<string, string>,
  });
});
test.afterEach(async () => {
  await app.close();
  await fake.close();
  await home.cleanup();
});

const trayMenu = () => app.evaluate(() => (globalThis as unknown as { __memsyncE2E: { trayMenu(): TrayMenu } }).__memsyncE2E.trayMenu());
/** The main window calls the engine through its bridge, as the UI does. */
const invoke = (page: Page, method: string, input?: unknown) =>
  page.evaluate(async ([m, i]) => {
    const bridge = (globalThis as unknown as { memsync: { invoke(m: string, i: unknown): Promise<{ ok: boolean; value?: unknown; error?: unknown }> } }).memsync;
    const answer = await bridge.invoke(m as string, i);
    if (!answer.ok) throw new Error(JSON.stringify(answer.error));
    return answer.value;
  }, [method, input] as const);

/** First run opens the window on the set-up card; the memory folder is set up through the API. */
async function setUp(): Promise<Page> {
  const page = await app.firstWindow();
  await expect(page).toHaveURL(/app:\/\/memsync\/index\.html#\/home$/);
  await invoke(page, 'initMemoryRoot', { provider: 'custom', syncRoot: sync });
  return page;
}

test('the tray exists with its menu, and follows the engine’s state', async () => {
  await setUp();
  await expect.poll(async () => (await trayMenu()).state).toBe('normal');
  const tray = await trayMenu();
  expect(tray.tooltip).toMatch(/^memsync: in step/);
  expect(tray.menu).toMatchObject({ pendingApprovals: 0, paused: false });
});

test('the quick note saves a note', async () => {
  const page = await setUp();
  await app.evaluate(() => (globalThis as unknown as { __memsyncE2E: { quickNote(): void } }).__memsyncE2E.quickNote());
  // Created hidden at start, so it is normally among the windows already.
  const isPopup = (w: Page) => w.url().endsWith('/quick-note.html');
  const popup = app.windows().find(isPopup) ?? (await app.waitForEvent('window', { predicate: isPopup }));
  await popup.getByRole('textbox').fill('Prefers pnpm in new repos');
  await popup.getByRole('button', { name: 'Save' }).click();
  await expect.poll(async () => ((await invoke(page, 'listNotes', {})) as Array<{ text: string }>).map((n) => n.text)).toContain('Prefers pnpm in new repos');
  const sessions = path.join(sync, '.claude-memory', 'sessions');
  const [day] = await readdir(sessions);
  expect(await readFile(path.join(sessions, day!), 'utf8')).toContain('Prefers pnpm in new repos');
});

test('an approval applies: the tray shows it waiting, approving writes the memory and CLAUDE.md', async () => {
  const page = await setUp();
  await invoke(page, 'addNote', { text: 'Prefers pnpm and small commits' });
  fake.enqueue(reply.text(patchAnswer({ action: 'replace', title: 'Standing preferences', body: '## Standing preferences\n- Prefers pnpm and small commits' })));
  await page.goto('app://memsync/index.html#/approvals');
  await page.getByRole('button', { name: 'Merge notes now' }).click();
  await expect(page.getByRole('heading', { name: 'Memory update waiting' })).toBeVisible();
  await expect.poll(async () => (await trayMenu()).state).toBe('approval');
  await page.getByRole('button', { name: 'Approve all changes' }).click();
  const memory = path.join(sync, '.claude-memory', 'GLOBAL_MEMORY.md');
  await expect.poll(() => readFile(memory, 'utf8')).toContain('- Prefers pnpm and small commits');
  await expect.poll(() => readFile(path.join(home.home, '.claude', 'CLAUDE.md'), 'utf8')).toContain('- Prefers pnpm and small commits');
  await expect.poll(async () => (await trayMenu()).state).toBe('normal');
});
