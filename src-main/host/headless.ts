import { homedir, hostname } from 'node:os';
import {
  createEngine,
  ensureSecret,
  openSecretStore,
  osFromPlatform,
  resolveAppPaths,
  type Engine,
  type Logger,
} from '../engine';
import type { Env } from '../engine/platform/paths';
import { captureUrl, DEFAULT_HOST, startServer, type RunningServer } from '../server';
import { APP_VERSION } from '../app-info';

export interface HeadlessHostOptions {
  /** Overrides the capture settings' LAN address (default: 127.0.0.1, this machine only). */
  host?: string;
  /** Overrides the capture settings' port. */
  port?: number;
  env: Env;
  logger: Logger;
  /** The built renderer to serve; undefined serves the API only. */
  rendererDir?: string;
}

export interface HeadlessHost {
  engine: Engine;
  server: RunningServer;
  /** The UI address with its access token in the fragment (never sent to the server in logs). */
  uiUrl: string;
  stop(): Promise<void>;
}

/** The name of the UI access token in the secret store. */
export const UI_TOKEN_SECRET = 'ui-token';

/**
 * `memsync serve`: the engine plus the HTTP server with the UI, for machines without a tray
 * (a Raspberry Pi, a server) and for machines where Electron cannot run.
 */
export async function startHeadlessHost(options: HeadlessHostOptions): Promise<HeadlessHost> {
  const os = osFromPlatform(process.platform);
  const paths = resolveAppPaths(os, options.env, homedir());
  const secrets = await openSecretStore({ userDataDir: paths.userDataDir, platform: process.platform, env: options.env });
  const engine = createEngine({
    host: 'headless',
    version: APP_VERSION,
    os,
    machine: hostname(),
    paths,
    env: options.env,
    secrets,
    logger: options.logger,
    notifier: { notify: (title, body) => options.logger.info(`notification: ${title}`, { body }) },
  });
  await engine.start();
  let server: RunningServer;
  try {
    const token = await ensureSecret(secrets, UI_TOKEN_SECRET);
    const capture = engine.settings.get().capture;
    const host = options.host ?? capture.lanHost ?? DEFAULT_HOST;
    server = await startServer({
      engine,
      host,
      port: options.port ?? capture.port,
      ui: { token, ...(options.rendererDir === undefined ? {} : { rendererDir: options.rendererDir }) },
    });
    engine.setCaptureEndpoint({ ...captureUrl(host, server.port), problem: null });
    return {
      engine,
      server,
      uiUrl: `${server.url}/#token=${token}`,
      async stop() {
        await server.close();
        await engine.stop();
      },
    };
  } catch (error) {
    await engine.stop();
    throw error;
  }
}
