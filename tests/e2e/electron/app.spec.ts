import { _electron as electron, expect, test } from '@playwright/test';
import { repoRoot } from '../../helpers/repo';
import { makeTempHome } from '../../helpers/temp-home';
import { electronBinary, NO_ELECTRON } from './electron-binary';

const binary = electronBinary();

test.skip(!binary, NO_ELECTRON);

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
