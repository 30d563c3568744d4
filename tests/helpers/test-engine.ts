import { createEngine, MemorySecretStore, resolveAppPaths, type Engine, type EngineOptions } from '../../src-main/engine';

/**
 * A real engine whose every path is under `home` (user data in home/.config/memsync-desktop,
 * agents' files in home/.claude etc.), with secrets in memory. Override anything per test.
 */
export function createTestEngine(home: string, overrides: Partial<EngineOptions> = {}): Engine {
  const env = { HOME: home, ...(overrides.env ?? {}) };
  return createEngine({
    host: 'headless',
    version: '0.0.0-test',
    os: 'linux',
    machine: 'testbox',
    paths: resolveAppPaths('linux', env, home),
    secrets: new MemorySecretStore(),
    ...overrides,
    env,
  });
}
