import path from 'node:path';
import type { ApiHandlers, CaptureInfo, DesktopStatus, EngineState, HostKind, Os, Status } from '../../src-shared/contract';
import { createApiHandlers } from './api-handlers';
import { EventBus, type EventListener } from './event-bus';
import { FileLocks } from './fs/lock';
import { ensurePrivateDir } from './fs/private-dir';
import { InFlight } from './in-flight';
import { inBackground, silentLogger } from './logger';
import { forgetRunningHost, recordRunningHost } from './running-host';
import { loadMachineId } from './machine-id';
import { MemoryService } from './memory/service';
import { Inbox } from './notes/inbox';
import { NotesLogWatcher } from './notes/log-watcher';
import { NotesService } from './notes/service';
import { RefreshFailure, RefreshService } from './refresh/service';
import { RefreshScheduler } from './refresh/scheduler';
import { RefreshStatusTracker } from './refresh/status-tracker';
import { BackupPruner } from './memory/backup-pruning';
import { removeMachineLeftovers } from './leftovers';
import { memoryLayout } from './memory/layout';
import type { LlmClientOptions } from './llm/client';
import type { HostHooks } from './extra-handlers';
import { DEFAULT_MODEL } from './llm/models';
import type { AppPaths, Env } from './platform/paths';
import type { FsProbe } from './providers/detect';
import { systemClock, type Clock, type Logger, type Notifier, type SecretStore } from './services';
import { importMemsyncConfigOnce, memsyncConfigPath, openSettingsStore, type SettingsStore } from './settings';
import { WatchControl } from './watch-control';

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
  /** Tests shorten the LLM client's back-off. */
  llmOverrides?: Partial<LlmClientOptions>;
  /** What only the host can do (start at login in the tray app). */
  hooks?: HostHooks;
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
  readonly refresh: RefreshService;
  readonly logger: Logger;
  readonly clock: Clock;
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): Status;
  onEvent(listener: EventListener): () => void;
  /** The host reports where its capture endpoint listens (or why it does not). */
  setCaptureEndpoint(endpoint: Omit<CaptureInfo, 'token'>): void;
  /** The tray app reports its shortcut and updater (shown in status; null in memsync serve). */
  setDesktopStatus(desktop: DesktopStatus): void;
  /**
   * The machine woke or the screen was unlocked (the tray app's powerMonitor): file events may
   * have been missed, so every file is looked at again and a missed scheduled merge runs.
   */
  catchUp(reason: string): Promise<void>;
  /** Counts host work that writes (a captured note) so `stop()` waits for it, as for API calls. */
  track<T>(work: () => Promise<T>): Promise<T>;
}

/** Calls `stop()` does not wait for: a merge waits on the Claude API for minutes and writes nothing until it answers. */
const UNTRACKED: ReadonlySet<keyof ApiHandlers> = new Set(['runRefresh']);

/** Every API call but the untracked ones is counted while it runs. */
function trackCalls(api: ApiHandlers, inFlight: InFlight): ApiHandlers {
  const entries = Object.entries(api).map(([name, handler]) => [
    name,
    UNTRACKED.has(name as keyof ApiHandlers) ? handler : (input: unknown) => inFlight.track(() => (handler as (i: unknown) => Promise<unknown>)(input)),
  ]);
  return Object.fromEntries(entries) as ApiHandlers;
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
  /** This host wrote running-host.json (and removes it when it stops). */
  let recordedHost = false;
  let captureEndpoint: Omit<CaptureInfo, 'token'> = { url: null, lan: false, problem: 'The capture endpoint is not running.' };
  const problems: string[] = [];
  const watch = options.watch ?? true;
  const locks = new FileLocks(options.paths.userDataDir, logger.child('locks'));
  const inFlight = new InFlight();
  let desktop: DesktopStatus | null = null;

  const status = (): Status => ({
    version: options.version,
    host: options.host === 'cli' ? 'headless' : options.host,
    state,
    os: options.os,
    machine: options.machine,
    startedAt: startedAt?.toISOString() ?? null,
    userDataDir: options.paths.userDataDir,
    defaultModel: DEFAULT_MODEL,
    secretStore: options.secrets.description,
    secretStoreWarning: options.secrets.warning ?? null,
    paused: watchControl.paused,
    desktop,
    memory: memory.status(),
    refresh: refreshStatus.current,
    problems: [
      ...settings.problems,
      ...problems,
      ...refreshStatus.problems,
      ...[memory.problem(), options.secrets.problem ?? null, scheduler.problem, inbox.problem].filter((p): p is string => p !== null),
    ],
  });
  // Listeners get a status event only when something in it changed.
  let lastAnnounced = '';
  const announce = () => {
    const current = status();
    const text = JSON.stringify(current);
    if (text === lastAnnounced) return;
    lastAnnounced = text;
    bus.emit({ type: 'status', status: current });
  };

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
      if (watch && !watchControl.paused && state !== 'stopped' && state !== 'stopping') {
        const usable = root.state === 'ok' ? root.memoryRoot : null;
        inBackground(logger, 'watching the inbox', inbox.watch(usable ? path.join(usable, 'inbox') : null).then(() => state === 'running' && announce()));
        inBackground(logger, 'watching the notes log', notesWatcher.watch(usable));
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
  const notesWatcher = new NotesLogWatcher(() => bus.emit({ type: 'notes-changed' }), logger.child('notes'));
  const captureInfo = async (): Promise<CaptureInfo> => ({ ...captureEndpoint, token: await notes.captureToken() });

  const refresh = new RefreshService({
    memory,
    notes,
    settings,
    secrets: options.secrets,
    env: options.env,
    userDataDir: options.paths.userDataDir,
    machine: options.machine,
    locks,
    clock,
    logger: logger.child('refresh'),
    notifier: options.notifier,
    emit: (event) => bus.emit(event),
    onStateChange: () => refreshStatus.changed(),
    ...(options.llmOverrides ? { llmOverrides: options.llmOverrides } : {}),
  });
  const scheduler = new RefreshScheduler({
    cron: () => settings.get().refresh.schedule,
    run: async () => {
      try {
        await refresh.run({ source: 'schedule' });
        return true;
      } catch (error) {
        // Only failures that waiting can fix are retried (not a missing key or a bad answer).
        return !(error instanceof RefreshFailure && error.reason === 'llm');
      }
    },
    stateFile: RefreshScheduler.stateFile(options.paths.userDataDir),
    clock,
    logger: logger.child('schedule'),
    onChange: () => refreshStatus.changed(),
  });

  const refreshStatus = new RefreshStatusTracker({
    refresh,
    notes,
    nextRunAt: () => scheduler.nextRunAt(),
    rootUsable: () => typeof memory.usableRoot() === 'string',
    announce: () => {
      if (state === 'running') announce();
    },
    active: () => state !== 'stopped' && state !== 'stopping',
    logger,
  });
  bus.on((event) => refreshStatus.onEvent(event));
  settings.onChange(() => scheduler.reschedule());
  const backupPruner = new BackupPruner({
    backupsDir: () => {
      const root = memory.usableRoot();
      return typeof root === 'string' ? memoryLayout(root).backupsDir : undefined;
    },
    keepDays: () => settings.get().backups.keepDays,
    clock,
    logger: logger.child('backups'),
  });

  const watchControl = new WatchControl({
    memory,
    inbox,
    notesWatcher,
    scheduler,
    refreshStatus,
    logger,
    watch,
    running: () => state === 'running',
    announce: () => state === 'running' && announce(),
  });

  const setState = (next: EngineState) => {
    state = next;
    announce();
  };

  return {
    api: trackCalls(createApiHandlers({
      status,
      memory,
      settings,
      notes,
      refresh,
      captureInfo,
      rotateCaptureToken: async () => {
        await notes.rotateCaptureToken();
        return captureInfo();
      },
      extra: {
        memory,
        notes,
        settings,
        secrets: options.secrets,
        env: options.env,
        os: options.os,
        home: options.paths.homeDir,
        hooks: options.hooks ?? {},
        watching: watchControl,
      },
    }), inFlight),
    paths: options.paths,
    secrets: options.secrets,
    settings,
    memory,
    notes,
    inbox,
    refresh,
    logger,
    clock,
    status,
    setCaptureEndpoint: (endpoint) => {
      captureEndpoint = endpoint;
      if (endpoint.url && options.host !== 'cli') {
        recordedHost = true;
        const record = { pid: process.pid, host: options.host, captureUrl: endpoint.url, lan: endpoint.lan, startedAt: clock.now().toISOString() };
        inBackground(logger, 'recording where this host listens', recordRunningHost(options.paths.userDataDir, record));
      }
    },
    setDesktopStatus: (next) => {
      desktop = next;
      if (state === 'running') announce();
    },
    catchUp: (reason) => watchControl.catchUp(reason),
    track: (work) => inFlight.track(work),
    onEvent: (listener) => bus.on(listener),
    async start() {
      if (state === 'running' || state === 'starting') return;
      setState('starting');
      // Per-machine data is private: settings may name folders, logs may quote notes.
      await ensurePrivateDir(options.paths.userDataDir);
      const imported = await importMemsyncConfigOnce(
        settings,
        memsyncConfigPath(options.os, options.env, options.paths.homeDir),
        options.secrets,
        { home: options.paths.homeDir, os: options.os },
      );
      if (imported.imported) logger.info('imported memsync settings', { notes: imported.notes });
      machineId = await loadMachineId(options.paths.userDataDir, options.machine);
      await memory.start();
      await removeMachineLeftovers(options.paths.userDataDir, memory.targets().filter((t) => t.enabled).map((t) => t.path));
      const root = memory.usableRoot();
      if (watch && typeof root === 'string') {
        await inbox.watch(path.join(root, 'inbox'));
        await notesWatcher.watch(root);
      }
      if (watch) {
        await scheduler.start();
        backupPruner.start();
      }
      await refreshStatus.recount();
      startedAt = clock.now();
      setState('running');
      logger.info('engine started', { host: options.host, userDataDir: options.paths.userDataDir });
    },
    async stop() {
      if (state === 'stopped' || state === 'stopping') return;
      setState('stopping');
      // What was accepted is finished first: a note being appended, a save, an approval.
      await inFlight.idle();
      scheduler.stop();
      backupPruner.stop();
      refreshStatus.stop();
      notesWatcher.stop();
      await inbox.stop();
      await memory.stop();
      if (recordedHost) await forgetRunningHost(options.paths.userDataDir).catch(() => {});
      if (ownsSettings) settings.close();
      setState('stopped');
      logger.info('engine stopped');
    },
  };
}
