import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers/repo';
import { makeTempHome } from '../../helpers/temp-home';

/** The Electron binary, if this machine has one (the npm package downloads it on first use). */
function electronBinary(): string | undefined {
  const pkg = path.join(repoRoot, 'node_modules', 'electron');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const exe = path.join(override ?? path.join(pkg, 'dist'), readFileSync(pathFile, 'utf8'));
  return existsSync(exe) ? exe : undefined;
}

const binary = electronBinary();

test.skip(!binary, 'No Electron binary on this machine (node_modules/electron/dist is empty; it cannot be downloaded here).');

test('the tray app opens its window on the app:// origin and shows the engine status', async () => {
  const home = await makeTempHome();
  const app = await electron.launch({
    executablePath: binary!,
    args: [repoRoot, '--open'],
    env: { ...home.env, MEMSYNC_OPEN_WINDOW: '1' } as Record<string, string>,
  });
  try {
    const window = await app.firstWindow();
    expect(window.url()).toBe('app://memsync/index.html');
    await expect(window.getByTestId('engine-host')).toHaveText('Tray app');
    await expect(window.getByTestId('engine-state')).toHaveText('Running');
    // The renderer has no Node: the sandbox and context isolation hold.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  } finally {
    await app.close();
    await home.cleanup();
  }
});
