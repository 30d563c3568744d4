import { mkdir } from 'node:fs/promises';
import type { ApiHandlers, EngineState, HostKind, Os, Status } from '../../src-shared/contract';
import { EventBus, type EventListener } from './event-bus';
import { silentLogger } from './logger';
import type { AppPaths } from './platform/paths';
import { systemClock, type Clock, type Logger, type Notifier, type SecretStore } from './services';

export interface EngineOptions {
  host: HostKind;
  version: string;
  os: Os;
  /** The machine's name as people know it (hostname), recorded with notes and usage. */
  machine: string;
  paths: AppPaths;
  secrets: SecretStore;
  clock?: Clock;
  logger?: Logger;
  notifier?: Notifier;
}

export interface Engine {
  /** The shared contract's methods, called by the HTTP server and the IPC handlers. */
  readonly api: ApiHandlers;
  readonly paths: AppPaths;
  readonly secrets: SecretStore;
  readonly logger: Logger;
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): Status;
  onEvent(listener: EventListener): () => void;
}

/**
 * The product's core. Plain Node: it never imports `electron`; everything that differs between
 * hosts arrives through `options`.
 */
export function createEngine(options: EngineOptions): Engine {
  const clock = options.clock ?? systemClock;
  const logger = (options.logger ?? silentLogger).child('engine');
  const bus = new EventBus(logger);
  let state: EngineState = 'stopped';
  let startedAt: Date | null = null;

  const status = (): Status => ({
    version: options.version,
    host: options.host,
    state,
    os: options.os,
    machine: options.machine,
    startedAt: startedAt?.toISOString() ?? null,
    userDataDir: options.paths.userDataDir,
  });

  const setState = (next: EngineState) => {
    state = next;
    bus.emit({ type: 'status', status: status() });
  };

  const api: ApiHandlers = {
    status: async () => status(),
  };

  return {
    api,
    paths: options.paths,
    secrets: options.secrets,
    logger,
    status,
    onEvent: (listener) => bus.on(listener),
    async start() {
      if (state === 'running' || state === 'starting') return;
      setState('starting');
      // Per-machine data is private: settings may name folders, logs may quote notes.
      await mkdir(options.paths.userDataDir, { recursive: true, mode: 0o700 });
      startedAt = clock.now();
      setState('running');
      logger.info('engine started', { host: options.host, userDataDir: options.paths.userDataDir });
    },
    async stop() {
      if (state === 'stopped' || state === 'stopping') return;
      setState('stopping');
      setState('stopped');
      logger.info('engine stopped');
    },
  };
}
