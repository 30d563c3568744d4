import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TempHome {
  home: string;
  /** The process environment with HOME pointing here and every config location derived from it. */
  env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

/**
 * A throwaway HOME. Config locations that could point elsewhere (XDG_CONFIG_HOME, APPDATA) are
 * removed, so nothing outside this folder is read or written; API keys of the developer's shell
 * are removed too, so no test can reach a real API by accident; secrets go to the private file.
 */
export async function makeTempHome(prefix = 'memsync-test-'): Promise<TempHome> {
  const home = await mkdtemp(path.join(tmpdir(), prefix));
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, USERPROFILE: home };
  for (const key of Object.keys(env)) {
    if (/^(XDG_|APPDATA$|LOCALAPPDATA$|ANTHROPIC_|MEMSYNC_)/.test(key)) delete env[key];
  }
  // Never touch the developer's real keychain from a test.
  env.MEMSYNC_SECRET_STORE = 'file';
  return {
    home,
    env,
    cleanup: () => rm(home, { recursive: true, force: true, maxRetries: 3 }),
  };
}
