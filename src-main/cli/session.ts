import { homedir, hostname } from 'node:os';
import { ApiError } from '../../src-shared/contract/errors';
import type { MemoryRootState } from '../../src-shared/contract/memory';
import { APP_VERSION } from '../app-info';
import { createEngine, createLogger, describeFsError, openSecretStore, osFromPlatform, parseLogLevel, resolveAppPaths, type Engine } from '../engine';
import { CliError, EXIT, type CliIo } from './io';

/**
 * Runs a one-shot command against an engine that does not watch files: the same code paths as
 * the UI, without the live drift repair (a running tray app or `memsync serve` does that).
 */
export async function withEngine<T>(io: CliIo, run: (engine: Engine) => Promise<T>): Promise<T> {
  const os = osFromPlatform(process.platform);
  const paths = resolveAppPaths(os, io.env, homedir());
  const engine = createEngine({
    host: 'cli',
    version: APP_VERSION,
    os,
    machine: hostname(),
    paths,
    env: io.env,
    secrets: await openSecretStore({ userDataDir: paths.userDataDir, platform: process.platform, env: io.env }),
    logger: createLogger({ level: parseLogLevel(io.env.MEMSYNC_LOG_LEVEL, 'warn'), write: (l) => io.stderr(`${l}\n`) }),
    watch: false,
  });
  await engine.start();
  try {
    return await run(engine);
  } catch (error) {
    throw toCliError(error);
  } finally {
    await engine.stop();
  }
}

export function exitCodeForRoot(state: MemoryRootState): number {
  if (state === 'unavailable') return EXIT.providerUnresolved;
  if (state === 'ok') return EXIT.ok;
  return EXIT.noMemoryRoot;
}

/** Engine errors as CLI errors with memsync's exit codes. */
export function toCliError(caught: unknown): unknown {
  const error = describeFsError(caught) ?? caught;
  if (!(error instanceof ApiError)) return error;
  const details = error.details as { rootState?: MemoryRootState } | undefined;
  if (details?.rootState) return new CliError(error.message, exitCodeForRoot(details.rootState));
  if (error.code === 'not_found' && error.message.includes('GLOBAL_MEMORY.md')) return new CliError(error.message, EXIT.noMemoryFile);
  return new CliError(error.message, EXIT.error);
}
