import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, logUnhandledRejections, parseLogLevel } from '../../engine';
import { DEFAULT_PORT, ListenError } from '../../server';
import { APP_VERSION } from '../../app-info';
import { startHeadlessHost } from '../../host/headless';
import { CliError, type CliIo } from '../io';

export interface ServeOptions {
  host?: string;
  port?: string;
}

/** How long a clean shutdown may take before the process gives up and exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

export function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new CliError(`--port must be a whole number from 0 to 65535 (got "${value}").`, 2);
  }
  return Number(value);
}

/** The built renderer next to the bundled CLI (dist/main/cli.js → dist/renderer). */
function defaultRendererDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
}

/** Runs the engine and server until SIGINT or SIGTERM. */
export async function serve(options: ServeOptions, io: CliIo): Promise<number> {
  const portText = options.port ?? io.env.MEMSYNC_PORT;
  const port = portText === undefined ? undefined : parsePort(portText, DEFAULT_PORT);
  const host = options.host ?? io.env.MEMSYNC_HOST;
  const logger = createLogger({
    level: parseLogLevel(io.env.MEMSYNC_LOG_LEVEL, 'info'),
    write: (line) => io.stderr(`${line}\n`),
  });
  const stopLoggingRejections = logUnhandledRejections(logger);
  let running;
  try {
    running = await startHeadlessHost({
      ...(host === undefined ? {} : { host }),
      ...(port === undefined ? {} : { port }),
      env: io.env,
      logger,
      rendererDir: io.env.MEMSYNC_RENDERER_DIR ?? defaultRendererDir(),
    });
  } catch (error) {
    stopLoggingRejections();
    if (error instanceof ListenError) throw new CliError(error.message, 1);
    throw error;
  }
  const { server, uiUrl, engine } = running;
  const capture = await engine.api.captureInfo(undefined);
  io.stdout(
    [
      `memsync ${APP_VERSION} is running headless.`,
      `  Open:    ${uiUrl}`,
      `  Health:  ${server.url}/health`,
      `  Notes:   ${capture.url ?? '(not running)'}  (token: memsync token)`,
      `  Data:    ${engine.paths.userDataDir}`,
      capture.lan
        ? `  Listening on ${server.host}: other machines can connect; every request needs a token.`
        : '  Only this machine can connect.',
      ...engine.status().problems.map((p) => `  Problem: ${p}`),
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return; // a second Ctrl+C (or npm forwarding the same one) changes nothing
      stopping = true;
      io.stdout(`\nStopping (${signal})…\n`);
      const force = setTimeout(() => {
        io.stderr('memsync: shutdown took too long; exiting anyway.\n');
        resolve(1);
      }, SHUTDOWN_GRACE_MS);
      running.stop().then(
        () => {
          clearTimeout(force);
          io.stdout('Stopped.\n');
          resolve(0);
        },
        (error: unknown) => {
          clearTimeout(force);
          logger.error('shutdown failed', { error });
          resolve(1);
        },
      );
    };
    // `on`, not `once`: a repeated signal during shutdown must reach the idempotent handler
    // instead of killing the process half-way.
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }).finally(stopLoggingRejections);
}
