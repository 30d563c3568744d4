import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '../../src-main/engine';
import { createTestEngine } from './test-engine';
import { startServer, type RunningServer, type ServerOptions } from '../../src-main/server';
import { makeTempHome, type TempHome } from './temp-home';

export interface InProcessHost {
  home: TempHome;
  engine: Engine;
  server: RunningServer;
  token: string;
  rendererDir: string;
  close(): Promise<void>;
}

/**
 * A real engine and a real HTTP server on 127.0.0.1 (free port) in this process, with a tiny
 * stand-in renderer folder, for tests that exercise the server's routes and guards.
 */
export async function startInProcessHost(options: Partial<Pick<ServerOptions, 'allowedHostNames'>> & { ui?: boolean } = {}): Promise<InProcessHost> {
  const home = await makeTempHome();
  const engine = createTestEngine(home.home);
  await engine.start();
  const rendererDir = path.join(home.home, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(path.join(rendererDir, 'assets', 'app-1234.js'), 'console.log(1)');
  await writeFile(path.join(home.home, 'secret.txt'), 'outside the renderer');
  const token = 'test-token-0123456789';
  const server = await startServer({
    engine,
    port: 0,
    ...(options.ui === false ? {} : { ui: { token, rendererDir } }),
    ...(options.allowedHostNames ? { allowedHostNames: options.allowedHostNames } : {}),
  });
  return {
    home,
    engine,
    server,
    token,
    rendererDir,
    async close() {
      await server.close();
      await engine.stop();
      await home.cleanup();
    },
  };
}
