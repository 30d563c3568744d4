import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, type Engine } from '../../../src-main/engine';
import { startServer, type RunningServer } from '../../../src-main/server';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';
import { createTestEngine } from '../../helpers/test-engine';

/* MEMSYNC_LOG_LEVEL=debug says what each request and each background job does. */

let home: TempHome;
let engine: Engine;
let server: RunningServer;
const lines: string[] = [];
let waiters: Array<{ pattern: RegExp; resolve: () => void }> = [];
const logged = (pattern: RegExp) =>
  lines.some((l) => pattern.test(l)) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ pattern, resolve }));

beforeEach(async () => {
  home = await makeTempHome();
  lines.length = 0;
  waiters = [];
  const logger = createLogger({
    level: 'debug',
    write: (line) => {
      lines.push(line);
      for (const w of waiters.filter((x) => x.pattern.test(line))) w.resolve();
    },
  });
  engine = createTestEngine(home.home, { logger });
  await engine.start();
  server = await startServer({ engine, port: 0, ui: { token: 'test-token-0123456789', rendererDir: home.home } });
});
afterEach(async () => {
  await server.close();
  await engine.stop();
  await home.cleanup();
});

describe('debug logging', () => {
  it('logs each request with its status, never its query', async () => {
    await fetch(`${server.url}/health?token=secret-value`);
    await fetch(`${server.url}/api/status`, { method: 'POST' });
    await logged(/POST \/api\/status 401/);
    expect(lines.find((l) => l.includes('GET /health 200'))).toMatch(/DEBUG/);
    expect(lines.join('\n')).not.toContain('secret-value');
  });

  it('logs what a background job did and how long it took', async () => {
    const sync = path.join(home.home, 'Sync');
    await mkdir(sync);
    await engine.api.initMemoryRoot({ provider: 'custom', syncRoot: sync });
    await writeFile(path.join(sync, '.claude-memory', 'GLOBAL_MEMORY.md'), '# changed elsewhere\n');
    await logged(/fanning out the memory: done.*"ms":\d+/);
    await logged(/wrote target.*claude-code/);
  });
});
