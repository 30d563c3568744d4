import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEngine, MemorySecretStore, resolveAppPaths, type Engine } from '../src-main/engine';

export interface BenchEngine {
  engine: Engine;
  /** The memory root (sync/.claude-memory). */
  root: string;
  close(): Promise<void>;
}

/** A real engine (no watchers) on a temporary HOME with an initialized memory root. */
export async function startBenchEngine(name: string, extraEnv: Record<string, string> = {}): Promise<BenchEngine> {
  const home = await mkdtemp(path.join(tmpdir(), `memsync-bench-${name}-`));
  const sync = path.join(home, 'Sync');
  await mkdir(sync);
  const env = { HOME: home, ...extraEnv };
  const engine = createEngine({
    host: 'headless',
    version: 'bench',
    os: 'linux',
    machine: 'bench',
    paths: resolveAppPaths('linux', env, home),
    env,
    secrets: new MemorySecretStore(),
    watch: false,
  });
  await engine.start();
  await engine.api.initMemoryRoot({ provider: 'custom', syncRoot: sync });
  return {
    engine,
    root: path.join(sync, '.claude-memory'),
    async close() {
      await engine.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}
