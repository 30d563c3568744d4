import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../helpers/repo';

/** The e2e tests run the built app; rebuild first when the sources are newer than the build. */
export default async function globalSetup(): Promise<void> {
  const { buildIsStale } = (await import(path.join(repoRoot, 'scripts', 'build-state.mjs'))) as {
    buildIsStale: () => boolean;
  };
  if (!buildIsStale()) return;
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), '--quiet'], {
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('The build failed; e2e tests need a built app.');
}
