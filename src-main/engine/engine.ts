import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ApiHandlers, CaptureInfo, EngineState, HostKind, Os, Status } from '../../src-shared/contract';
import { createApiHandlers } from './api-handlers';
import { EventBus, type EventListener } from './event-bus';
import { FileLocks } from './fs/lock';
import { silentLogger } from './logger';
import { loadMachineId } from './machine-id';
import { MemoryService } from './memory/service';
import { Inbox } from './notes/inbox';
import { NotesService } from './notes/service';
import type { AppPaths, Env } from './platform/paths';
import type { FsProbe } from './providers/detect';
import { systemClock, type Clock, type Logger, type Notifier, type SecretStore } from './services';
import { importMemsyncConfigOnce, memsyncConfigPath, openSettingsStore, type SettingsStore } from './settings';

export interface EngineOptions {
  host: HostKind | 'cli';
  version: string;
  os: Os;
  /** The machine's name as people know it (hostname), recorded with notes and usage. */
  machine: string;
  paths: AppPaths;
  /** Environment the engine reads paths from (CODEX_HOME, XDG_CONFIG_HOME, cloud-folder variables). */
  env: Env;
  secrets: SecretStore;
  /** The settings file; by default opened with `conf` in the user-data folder. */
  settings?: SettingsStore;
  clock?: Clock;
  logger?: Logger;
  notifier?: Notifier;
  /** Watch files and repair drift live (default); one-shot CLI commands turn it off. */
  watch?: boolean;
  /** Filesystem probe for provider detection (tests). */
  fsProbe?: FsProbe;
  /** How often a vanished memory folder is looked for (default 5 s). */
  rootCheckMs?: number;
}

export interface Engine {
  /** The shared contract's methods, called by the HTTP server and the IPC handlers. */
  readonly api: ApiHandlers;
  readonly paths: AppPaths;
  readonly secrets: SecretStore;
  readonly settings: SettingsStore;
  readonly memory: MemoryService;
  readonly notes: NotesService;
  readonly inbox: Inbox;
  readonly logger: Logger;
  readonly clock: Clock;
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): Status;
  onEvent(listener: EventListener): () => void;
  /** The host reports where its capture endpoint listens (or why it does not). */
  setCaptureEndpoint(endpoint: Omit<CaptureInfo, 'token'>): void;
}

/**
 * The product's core. Plain Node: it never imports `electron`; everything that differs between
 * hosts arrives through `options`.
 */
export function createEngine(options: EngineOptions): Engine {
  const clock = options.clock ?? systemClock;
  const logger = (options.logger ?? silentLogger).child('engine');
  const bus = new EventBus(logger);
  const ownsSettings = options.settings === undefined;
  const settings =
    options.settings ?? openSettingsStore({ userDataDir: options.paths.userDataDir, projectVersion: options.version, logger, clock });
  let state: EngineState = 'stopped';
  let startedAt: Date | null = null;
  let machineId = '';
  let captureEndpoint: Omit<CaptureInfo, 'token'> = { url: null, lan: false, problem: 'The capture endpoint is not running.' };
  const problems: string[] = [];
  const watch = options.watch ?? true;
  const locks = new FileLocks(options.paths.userDataDir);

  const status = (): Status => ({
    version: options.version,
    host: options.host === 'cli' ? 'headless' : options.host,
    state,
    os: options.os,
    machine: options.machine,
    startedAt: startedAt?.toISOString() ?? null,
    userDataDir: options.paths.userDataDir,
    secretStore: options.secrets.description,
    memory: memory.status(),
    problems: [...settings.problems, ...problems],
  });
  const announce = () => bus.emit({ type: 'status', status: status() });

  const memory = new MemoryService({
    os: options.os,
    home: options.paths.homeDir,
    env: options.env,
    userDataDir: options.paths.userDataDir,
    settings,
    locks,
    clock,
    logger,
    watch,
    onRootChange: (root) => {
      if (watch && state !== 'stopped' && state !== 'stopping') {
        void inbox.watch(root.state === 'ok' && root.memoryRoot ? path.join(root.memoryRoot, 'inbox') : null);
      }
    },
    onStatus: () => {
      if (state === 'running') announce();
    },
    emit: (event) => bus.emit(event),
    ...(options.fsProbe ? { fsProbe: options.fsProbe } : {}),
    ...(options.rootCheckMs ? { rootCheckMs: options.rootCheckMs } : {}),
  });

  const notes = new NotesService({
    memoryRoot: () => memory.usableRoot(),
    machineId: () => machineId,
    locks,
    secrets: options.secrets,
    clock,
    logger: logger.child('notes'),
    emit: (event) => bus.emit(event),
  });
  const inbox = new Inbox(notes, logger.child('inbox'), () => settings.get().capture.maxBodyBytes);
  const captureInfo = async (): Promise<CaptureInfo> => ({ ...captureEndpoint, token: await notes.captureToken() });

  const setState = (next: EngineState) => {
    state = next;
    announce();
  };

  return {
    api: createApiHandlers({
      status,
      memory,
      settings,
      notes,
      captureInfo,
      rotateCaptureToken: async () => {
        await notes.rotateCaptureToken();
        return captureInfo();
      },
    }),
    paths: options.paths,
    secrets: options.secrets,
    settings,
    memory,
    notes,
    inbox,
    logger,
    clock,
    status,
    setCaptureEndpoint: (endpoint) => {
      captureEndpoint = endpoint;
    },
    onEvent: (listener) => bus.on(listener),
    async start() {
      if (state === 'running' || state === 'starting') return;
      setState('starting');
      // Per-machine data is private: settings may name folders, logs may quote notes.
      await mkdir(options.paths.userDataDir, { recursive: true, mode: 0o700 });
      const imported = await importMemsyncConfigOnce(
        settings,
        memsyncConfigPath(options.os, options.env, options.paths.homeDir),
        options.secrets,
        { home: options.paths.homeDir, os: options.os },
      );
      if (imported.imported) logger.info('imported memsync settings', { notes: imported.notes });
      machineId = await loadMachineId(options.paths.userDataDir, options.machine);
      await memory.start();
      const root = memory.usableRoot();
      if (watch && typeof root === 'string') await inbox.watch(path.join(root, 'inbox'));
      startedAt = clock.now();
      setState('running');
      logger.info('engine started', { host: options.host, userDataDir: options.paths.userDataDir });
    },
    async stop() {
      if (state === 'stopped' || state === 'stopping') return;
      setState('stopping');
      await inbox.stop();
      await memory.stop();
      if (ownsSettings) settings.close();
      setState('stopped');
      logger.info('engine stopped');
    },
  };
}
