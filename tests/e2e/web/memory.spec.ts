import type { Page } from '@playwright/test';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ServeProcess } from '../../helpers/serve-process';
import { expect, memsync, test } from './fixtures';

// Numbers in the size meters ("6,000") are written in the browser's locale.
test.use({ locale: 'en-US' });

const MEMORY = `# Global Memory

## Identity & context
- I build developer tools in TypeScript.

## Current priorities
- Ship the desktop app

## Standing preferences
- Short answers, code first.

## Hard constraints
- Never force-push to main
- Never commit secrets
`;

const memoryFile = (root: string) => path.join(root, 'GLOBAL_MEMORY.md');
const backups = async (root: string) => (await readdir(path.join(root, 'backups')).catch(() => [])).filter((n) => n.endsWith('.md'));

/** Puts MEMORY on disk (as another device would), opens the window and goes to Memory. */
async function openEditor(page: Page, host: ServeProcess, memoryRoot: string, content = MEMORY) {
  await writeFile(memoryFile(memoryRoot), content);
  await page.goto(host.uiUrl);
  await page.getByRole('link', { name: 'Memory' }).click();
  await expect(page.getByRole('heading', { name: 'Memory', level: 1 })).toBeVisible();
  const editor = page.getByRole('textbox', { name: 'GLOBAL_MEMORY.md' });
  await expect(editor).toContainText('Ship the desktop app');
  return editor;
}

/** Puts the cursor at the end of the editor line with `text` and types `insert` there. */
async function typeAtEndOf(page: Page, text: string, insert: string) {
  await page.locator('.cm-line', { hasText: text }).first().click();
  await page.keyboard.press('End');
  await page.keyboard.insertText(insert);
}

test('an edit is saved with the button and with Ctrl+S: memory, CLAUDE.md and a backup', async ({ page, host, home, memoryRoot, consoleErrors }) => {
  const editor = await openEditor(page, host, memoryRoot);
  const claudeMd = path.join(home.home, '.claude', 'CLAUDE.md');
  await expect.poll(() => readFile(claudeMd, 'utf8')).toContain('Ship the desktop app');
  const before = (await backups(memoryRoot)).length;

  await typeAtEndOf(page, 'Ship the desktop app', ' this week');
  await expect(editor).toContainText('Ship the desktop app this week');
  await expect(page.getByText('Unsaved changes')).toBeVisible();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  await expect(page.getByText('Unsaved changes')).toBeHidden();
  expect(await readFile(memoryFile(memoryRoot), 'utf8')).toContain('- Ship the desktop app this week\n');
  await expect.poll(() => readFile(claudeMd, 'utf8')).toContain('- Ship the desktop app this week\n');
  expect(await backups(memoryRoot)).toHaveLength(before + 1);

  // The keyboard: Ctrl+S from inside the editor.
  await typeAtEndOf(page, 'Short answers, code first.', ' Tables welcome.');
  await expect(page.getByText('Unsaved changes')).toBeVisible();
  await page.keyboard.press('Control+S');
  await expect(page.getByText('Unsaved changes')).toBeHidden();
  await expect.poll(() => readFile(memoryFile(memoryRoot), 'utf8')).toContain('- Short answers, code first. Tables welcome.\n');
  await expect.poll(() => readFile(claudeMd, 'utf8')).toContain('Tables welcome.');
  expect(await backups(memoryRoot)).toHaveLength(before + 2);
  // The editor still shows the saved text, and Revert has nothing to undo.
  await expect(editor).toContainText('Tables welcome.');
  await expect(page.getByRole('button', { name: 'Revert' })).toBeHidden();
  expect(consoleErrors).toEqual([]);
});

test('unsaved edits survive a visit to another view', async ({ page, host, memoryRoot, consoleErrors }) => {
  const editor = await openEditor(page, host, memoryRoot);
  await typeAtEndOf(page, 'Ship the desktop app', ' this week');
  await page.getByRole('link', { name: 'Home' }).click();
  await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Memory' }).click();
  await expect(editor).toContainText('Ship the desktop app this week');
  await expect(page.getByText('Unsaved changes')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Your unsaved edits are still here.' })).toBeVisible();
  // Revert puts the file's text back.
  await page.getByRole('button', { name: 'Revert' }).click();
  await expect(editor).not.toContainText('this week');
  await expect(page.getByText('Unsaved changes')).toBeHidden();
  expect(await readFile(memoryFile(memoryRoot), 'utf8')).toBe(MEMORY);
  expect(consoleErrors).toEqual([]);
});

test('an edit racing an outside change to the same line shows both versions and overwrites nothing', async ({ page, host, memoryRoot, consoleErrors }) => {
  const editor = await openEditor(page, host, memoryRoot);
  await typeAtEndOf(page, 'Ship the desktop app', ' this week');
  await expect(editor).toContainText('this week');

  // Another device changes the same line while the edit is unsaved.
  const theirs = MEMORY.replace('- Ship the desktop app', '- Ship the desktop app and the CLI');
  await writeFile(memoryFile(memoryRoot), theirs);

  const conflict = page.getByRole('region', { name: 'The memory changed elsewhere while you were editing' });
  await expect(conflict).toBeVisible();
  await expect(conflict.getByRole('alert')).toContainText('Nothing was overwritten');
  const both = conflict.getByRole('group', { name: 'Changed elsewhere compared with Your edits' });
  await expect(both).toContainText('Ship the desktop app and the CLI');
  await expect(both).toContainText('Ship the desktop app this week');
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();
  expect(await readFile(memoryFile(memoryRoot), 'utf8')).toBe(theirs);

  // Keep editing my text on top of the newer version, then save it deliberately.
  await conflict.getByRole('button', { name: 'Keep editing my text on top of it' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your text over the newer memory' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'GLOBAL_MEMORY.md' })).toContainText('Ship the desktop app this week');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  const saved = await readFile(memoryFile(memoryRoot), 'utf8');
  expect(saved).toContain('- Ship the desktop app this week\n');
  expect(saved).not.toContain('and the CLI');
  expect(consoleErrors).toEqual([]);
});

test('a conflicting edit can be discarded for the newer memory', async ({ page, host, memoryRoot, consoleErrors }) => {
  await openEditor(page, host, memoryRoot);
  await typeAtEndOf(page, 'Ship the desktop app', ' this week');
  const theirs = MEMORY.replace('- Ship the desktop app', '- Ship the desktop app and the CLI');
  await writeFile(memoryFile(memoryRoot), theirs);

  const conflict = page.getByRole('region', { name: 'The memory changed elsewhere while you were editing' });
  await conflict.getByRole('button', { name: 'Discard my edits' }).click();
  await expect(conflict).toBeHidden();
  const editor = page.getByRole('textbox', { name: 'GLOBAL_MEMORY.md' });
  await expect(editor).toContainText('Ship the desktop app and the CLI');
  await expect(editor).not.toContainText('this week');
  await expect(page.getByText('Unsaved changes')).toBeHidden();
  expect(await readFile(memoryFile(memoryRoot), 'utf8')).toBe(theirs);
  expect(consoleErrors).toEqual([]);
});

test('a save that finds the file changed (before any live event) merges instead of overwriting', async ({ page, host, memoryRoot, consoleErrors }) => {
  // Hold the event stream, so the only way to notice the outside change is the save's hash check.
  await page.route('**/api/events', () => {});
  const editor = await openEditor(page, host, memoryRoot);
  await typeAtEndOf(page, 'I build developer tools in TypeScript.', ' And some Rust.');
  await expect(editor).toContainText('And some Rust.');
  const theirs = MEMORY.replace('- Ship the desktop app', '- Ship the desktop app and the CLI');
  await writeFile(memoryFile(memoryRoot), theirs);

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your edits were moved onto the newer memory; review and save' })).toBeVisible();
  expect(await readFile(memoryFile(memoryRoot), 'utf8')).toBe(theirs);
  await expect(editor).toContainText('Ship the desktop app and the CLI');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  const saved = await readFile(memoryFile(memoryRoot), 'utf8');
  expect(saved).toContain('TypeScript. And some Rust.');
  expect(saved).toContain('and the CLI');
  // The refused write is an HTTP 409, which Chromium logs; that one is expected here, nothing else.
  const refused = consoleErrors.filter((e) => e.includes('status of 409 (Conflict)'));
  expect(refused).toHaveLength(1);
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !refused.includes(e)));
  expect(consoleErrors).toEqual([]);
});

test('an edit racing an outside change to another section is merged, reviewed and saved', async ({ page, host, memoryRoot, consoleErrors }) => {
  const editor = await openEditor(page, host, memoryRoot);
  await typeAtEndOf(page, 'I build developer tools in TypeScript.', ' And some Rust.');
  await expect(editor).toContainText('And some Rust.');

  await writeFile(memoryFile(memoryRoot), MEMORY.replace('- Ship the desktop app', '- Ship the desktop app and the CLI'));

  await expect(page.getByRole('status').filter({ hasText: 'Your edits were moved onto the newer memory; review and save' })).toBeVisible();
  await expect(editor).toContainText('Ship the desktop app and the CLI');
  await expect(editor).toContainText('TypeScript. And some Rust.');
  await expect(page.getByText('Unsaved changes')).toBeVisible();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  const saved = await readFile(memoryFile(memoryRoot), 'utf8');
  expect(saved).toContain('- I build developer tools in TypeScript. And some Rust.\n');
  expect(saved).toContain('- Ship the desktop app and the CLI\n');
  expect(consoleErrors).toEqual([]);
});

test('removing hard constraints asks first: cancel keeps them, confirm removes them', async ({ page, host, memoryRoot, consoleErrors }) => {
  await openEditor(page, host, memoryRoot);
  await expect(page.getByText('Tinted lines are your hard constraints')).toBeVisible();
  // Select both constraint lines and delete them.
  await page.locator('.cm-line', { hasText: 'Never force-push to main' }).click();
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+End');
  await page.keyboard.press('Delete');
  await expect(page.getByRole('textbox', { name: 'GLOBAL_MEMORY.md' })).not.toContainText('Never commit secrets');

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const ask = page.getByRole('dialog', { name: 'Remove 2 hard constraints?' });
  await expect(ask).toBeVisible();
  await expect(ask.getByRole('listitem')).toHaveText(['Never force-push to main', 'Never commit secrets']);
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toBeHidden();
  expect(await readFile(memoryFile(memoryRoot), 'utf8')).toBe(MEMORY);
  await expect(page.getByText('Unsaved changes')).toBeVisible();

  // Ctrl+S asks again (focus is back on the Save button, outside the editor).
  await page.keyboard.press('Control+S');
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Remove and save' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
  const saved = await readFile(memoryFile(memoryRoot), 'utf8');
  expect(saved).not.toContain('Never force-push to main');
  expect(saved).not.toContain('Never commit secrets');
  expect(saved).toContain('## Hard constraints');
  expect(consoleErrors).toEqual([]);
});

// Windsurf is turned on with the CLI before the host starts (the host fixture depends on memoryRoot).
const withWindsurf = test.extend({
  memoryRoot: async ({ memoryRoot, home }, use) => {
    const enabled = await memsync(home, undefined, 'targets', 'enable', 'windsurf');
    expect(enabled.code, enabled.err).toBe(0);
    await use(memoryRoot);
  },
});

withWindsurf('the size meter counts against Windsurf’s budget and names what is left out', async ({ page, host, home, memoryRoot, consoleErrors }) => {
  // Just under Windsurf's 6,000 characters, with a history section to leave out when over.
  let memory = `${MEMORY}\n## Recent completions\n`;
  for (let i = 1; ; i++) {
    const line = `- Finished task ${String(i).padStart(3, '0')}: moved the build to the new pipeline and checked it\n`;
    if ([...memory + line].length > 5_980) break;
    memory += line;
  }
  const chars = [...memory].length;
  await openEditor(page, host, memoryRoot, memory);

  const meter = page.getByRole('meter', { name: `Windsurf global rules: ${chars.toLocaleString('en-US')} / 6,000 characters` });
  await expect(meter).toBeVisible();
  await expect(page.getByText(/Over by/)).toBeHidden();

  const extra = ' I also maintain the docs site, the release notes and the changelog for every package, and I review the pull requests of two teams.';
  await typeAtEndOf(page, 'I build developer tools in TypeScript.', extra);
  const now = chars + extra.length;
  await expect(page.getByRole('meter', { name: `Windsurf global rules: ${now.toLocaleString('en-US')} / 6,000 characters` })).toBeVisible();
  await expect(page.getByText(`Over by ${(now - 6000).toLocaleString('en-US')}`)).toBeVisible();
  await expect(page.getByText('Windsurf global rules reads only the first 6,000 characters, so memsync leaves whole sections out')).toBeVisible();

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText("Left out of this agent's file: Recent completions.")).toBeVisible();
  const rules = await readFile(path.join(home.home, '.codeium', 'windsurf', 'memories', 'global_rules.md'), 'utf8');
  expect(rules).toContain('I also maintain the docs site');
  expect(rules).not.toContain('## Recent completions');
  expect(consoleErrors).toEqual([]);
});

test('an online-only placeholder shows the engine’s message instead of the editor, until the file is back', async ({ page, host, memoryRoot, consoleErrors }) => {
  // A zero-byte memory file is what cloud clients leave before downloading it: never an empty memory.
  await writeFile(memoryFile(memoryRoot), '');
  await page.goto(host.uiUrl);
  await page.getByRole('link', { name: 'Memory' }).click();
  await expect(page.getByRole('alert')).toContainText('not downloaded yet');
  await expect(page.getByRole('textbox', { name: 'GLOBAL_MEMORY.md' })).toBeHidden();

  await writeFile(memoryFile(memoryRoot), MEMORY);
  await expect(page.getByRole('textbox', { name: 'GLOBAL_MEMORY.md' })).toContainText('Ship the desktop app');
  await expect(page.getByRole('alert')).toBeHidden();
  // The refused read is an HTTP 503, which Chromium logs; that is expected here, nothing else.
  const refused = consoleErrors.filter((e) => e.includes('status of 503 (Service Unavailable)'));
  expect(refused.length).toBeGreaterThan(0);
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !refused.includes(e)));
  expect(consoleErrors).toEqual([]);
});
