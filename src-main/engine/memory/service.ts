import { stat } from 'node:fs/promises';
import type { Os } from '../../../src-shared/contract';
import { ApiError } from '../../../src-shared/contract/errors';
import type { EngineEvent } from '../../../src-shared/contract/events';
import type {
  AdoptPreview,
  AdoptResolution,
  Backup,
  DetectedProvider,
  ForeignEdit,
  MemoryDoc,
  MemoryStatus,
  TargetStatus,
  WriteResult,
} from '../../../src-shared/contract/memory';
import type { ProviderName, RenderMode } from '../../../src-shared/contract/settings';
import type { FileLocks } from '../fs/lock';
import type { Env } from '../platform/paths';
import { detectProviders, memoryRootFor, nodeFsProbe, PROVIDER_DISPLAY_NAMES, type FsProbe } from '../providers/detect';
import { inBackground } from '../logger';
import type { Clock, Logger } from '../services';
import type { SettingsStore } from '../settings';
import { DriftWatcher, TARGET_SETTLE_MS } from '../targets/drift-watcher';
import { ForeignEditStore } from '../targets/foreign-edits';
import { TargetManager } from '../targets/manager';
import { findTarget } from '../targets/registry';
import { TargetStateStore } from '../targets/state';
import { adoptedText, previewAdopt } from './adopt';
import { listBackups, pruneBackups, readBackup } from './backups';
import { findRecovery, recoveryAdvice, recreateMissing, saveWrittenTargets, type WrittenTarget } from './recovery';
import { memoryLayout } from './layout';
import { memoryFileStatus } from './memory-status';
import { initMemoryRoot, resolveMemoryRoot, type InitResult, type ResolvedRoot } from './memory-root';
import { MemoryStore } from './store';
import { removeMemoryRootLeftovers } from '../leftovers';

export interface MemoryServiceOptions {
  os: Os;
  home: string;
  env: Env;
  userDataDir: string;
  settings: SettingsStore;
  locks: FileLocks;
  clock: Clock;
  logger: Logger;
  /** Watch files and repair drift live (hosts); one-shot CLI commands leave it off. */
  watch: boolean;
  /** Status (memory section) changed. */
  onStatus: () => void;
  emit: (event: EngineEvent) => void;
  fsProbe?: FsProbe;
  rootCheckMs?: number;
  /** The memory root was resolved again (it may have moved, vanished or returned). */
  onRootChange?: (root: ResolvedRoot) => void;
}

/**
 * Everything about the canonical memory and its fan-out: where the memory root is, reading and
 * writing GLOBAL_MEMORY.md, backups, instruction targets, and edits made to targets by others.
 */
export class MemoryService {
  readonly #o: MemoryServiceOptions;
  readonly #targets: TargetManager;
  readonly #foreign: ForeignEditStore;
  readonly #state: TargetStateStore;
  #watcher: DriftWatcher | undefined;
  #root: ResolvedRoot = { provider: null, syncRoot: null, memoryRoot: null, state: 'not-configured', reason: null };
  #store: MemoryStore | undefined;
  #status: MemoryStatus;
  #offSettings: (() => void) | undefined;
  /** The memory's hash when last announced, so each change is announced once. */
  #announcedHash: string | undefined;
  #problem: string | null = null;

  constructor(options: MemoryServiceOptions) {
    this.#o = options;
    this.#foreign = new ForeignEditStore(options.userDataDir);
    this.#state = new TargetStateStore(options.userDataDir);
    this.#targets = new TargetManager({
      ctx: { os: options.os, home: options.home, env: options.env },
      settings: () => options.settings.get(),
      memory: async () => {
        if (!this.#store || this.#root.state !== 'ok') return undefined;
        const doc = await this.#store.readIfExists().catch(() => undefined);
        return doc && { content: doc.content, hash: doc.hash, file: this.#store.layout.memoryFile };
      },
      state: this.#state,
      locks: options.locks,
      foreignEdits: this.#foreign,
      clock: options.clock,
      logger: options.logger.child('targets'),
      onChange: () => inBackground(options.logger, 'updating the status', this.refreshStatus()),
      onForeignEdit: (edit) => options.emit({ type: 'foreign-edit', edit }),
      ...(options.watch ? { settleMs: TARGET_SETTLE_MS } : {}),
    });
    this.#status = this.#emptyStatus();
  }

  async start(): Promise<void> {
    await this.#state.load();
    await this.#resolve();
    if (this.#o.watch) {
      await this.#startWatcher();
      this.#offSettings = this.#o.settings.onChange(() => inBackground(this.#o.logger, 'applying changed settings', this.#onSettingsChange()));
      await this.#targets.syncAll();
    } else {
      await this.#targets.inspect();
    }
    await this.refreshStatus();
  }

  async #startWatcher(): Promise<void> {
    this.#watcher = new DriftWatcher({
      // The configured place, even while it is unavailable: that is how its return is noticed.
      memoryFile: () => (this.#root.memoryRoot ? memoryLayout(this.#root.memoryRoot).memoryFile : null),
      targetFiles: () => this.#targets.enabled().map((t) => t.path),
      onCanonicalChange: () => inBackground(this.#o.logger, 'fanning out the memory', this.#onCanonicalChange()),
      onTargetChange: (file) => inBackground(this.#o.logger, 'checking a target', this.#targets.check(file)),
      onRootAvailability: () => inBackground(this.#o.logger, 'following the memory folder', this.#resolve().then(() => this.refreshStatus())),
      logger: this.#o.logger.child('watch'),
      ...(this.#o.rootCheckMs ? { rootCheckMs: this.#o.rootCheckMs } : {}),
    });
    await this.#watcher.start();
  }

  /** Stops watching files (the tray's Pause): nothing is fanned out or restored until `resumeWatching`. */
  async pauseWatching(): Promise<void> {
    await this.#watcher?.stop();
    this.#watcher = undefined;
  }

  /** Watches again and catches up with what changed meanwhile. */
  async resumeWatching(): Promise<void> {
    if (!this.#o.watch || this.#watcher) return;
    await this.#startWatcher();
    await this.catchUp();
  }

  /**
   * Looks at everything again, as if each file had changed (after a pause, a wake from sleep or a
   * screen unlock, when events may have been missed): the memory folder, the memory (fanned out
   * when it changed), and every agent's file (an outside edit is kept for review as usual).
   */
  async catchUp(): Promise<void> {
    await this.#resolve();
    await this.#onCanonicalChange();
  }

  async stop(): Promise<void> {
    this.#offSettings?.();
    await this.#watcher?.stop();
    this.#watcher = undefined;
  }

  status(): MemoryStatus {
    return this.#status;
  }

  /** Why the memory file that is there cannot be used (not text, a folder), or null. */
  problem(): string | null {
    return this.#problem;
  }

  /** Recomputes the memory section of the status and announces it. */
  async refreshStatus(): Promise<void> {
    const root = this.#root;
    const status: MemoryStatus = {
      ...this.#emptyStatus(),
      targets: this.#targets.statuses(),
      foreignEdits: (await this.#foreign.list()).length,
    };
    this.#problem = null;
    if (root.memoryRoot && root.state === 'ok') {
      const { problem, ...file } = await memoryFileStatus(root.memoryRoot, this.#store, this.#writtenTargets());
      Object.assign(status, file);
      this.#problem = problem;
    }
    this.#status = status;
    this.#o.onStatus();
  }

  // ── memory root ───────────────────────────────────────────────────────────

  detectProviders(): DetectedProvider[] {
    return this.#detect().map((f) => ({ ...f, hasMemory: this.#probe().isDir(f.memoryRoot) }));
  }

  async init(input: {
    provider: ProviderName;
    syncRoot?: string | null | undefined;
    force?: boolean | undefined;
    from?: string | undefined;
  }): Promise<InitResult & { restoredFrom: string | null; savedTargets: string[] }> {
    let syncRoot = input.syncRoot ?? null;
    if (syncRoot) {
      if (!(await stat(syncRoot).then((s) => s.isDirectory(), () => false))) {
        throw new ApiError('invalid_input', `The folder ${syncRoot} does not exist.`);
      }
    } else if (input.provider === 'custom') {
      throw new ApiError('invalid_input', 'A custom provider needs the folder to use (--sync-root).');
    } else {
      const found = this.#detect().filter((f) => f.name === input.provider);
      if (found.length === 0) {
        throw new ApiError('unavailable', `${PROVIDER_DISPLAY_NAMES[input.provider]} could not find its sync folder on this machine. Name the folder with --sync-root.`, { rootState: 'unavailable' });
      }
      if (found.length > 1) {
        throw new ApiError('invalid_input', `${PROVIDER_DISPLAY_NAMES[input.provider]} has ${found.length} folders here; choose one with --sync-root.`, { choices: found.map((f) => f.syncRoot) });
      }
      syncRoot = found[0]!.syncRoot;
    }
    const memoryRoot = memoryRootFor(input.provider, syncRoot, this.#o.os);
    const layout = memoryLayout(memoryRoot);
    const store = new MemoryStore(layout, this.#o.locks, this.#o.clock);
    const restoredFrom = await recreateMissing(layout, store, input, {
      written: this.#writtenTargets(),
      all: this.#targets.configured().map((t) => ({ id: t.def.id, name: t.def.name, path: t.path, mode: t.mode })),
    });
    const result = await initMemoryRoot(memoryRoot, store, input.force ?? false);
    // The template is about to reach every agent: what their files hold is saved first.
    const savedTargets = result.wroteTemplate ? await saveWrittenTargets(this.#writtenTargets()) : [];
    // Only what init was told: the provider and its folder (always pinned, unlike memsync).
    this.#o.settings.update({ provider: input.provider, syncRoot });
    await this.#resolve();
    await this.#targets.syncAll();
    await this.refreshStatus();
    return { ...result, restoredFrom, savedTargets };
  }

  /** Enabled targets memsync has written (their files hold its copy of the memory). */
  #writtenTargets(): WrittenTarget[] {
    return this.#targets
      .enabled()
      .filter((t) => this.#state.get(t.def.id, t.path) !== undefined)
      .map((t) => ({ id: t.def.id, name: t.def.name, path: t.path, mode: t.mode }));
  }

  // ── memory and backups ────────────────────────────────────────────────────

  async read(): Promise<MemoryDoc> {
    const store = this.#requireStore();
    try {
      return await store.read();
    } catch (error) {
      const recovery = error instanceof ApiError && error.code === 'not_found' ? await findRecovery(store.layout.backupsDir, this.#writtenTargets()) : null;
      if (recovery) throw new ApiError('not_found', recoveryAdvice(recovery), { recovery });
      throw error;
    }
  }

  async write(content: string, expectedHash: string | null): Promise<WriteResult> {
    const result = await this.#requireStore().write(content, { expectedHash });
    if (result.changed) await this.#afterMemoryChange(result.hash);
    return result;
  }

  listBackups(): Promise<Backup[]> {
    return listBackups(this.#requireStore().layout.backupsDir);
  }

  async readBackup(name: string): Promise<{ name: string; content: string }> {
    return { name, content: await readBackup(this.#requireStore().layout.backupsDir, name) };
  }

  /** Puts a backup back as the memory; the current memory is backed up first. */
  async restore(name: string, expectedHash?: string | null): Promise<WriteResult> {
    const store = this.#requireStore();
    const content = await readBackup(store.layout.backupsDir, name);
    const current = await store.readIfExists();
    return this.write(content, expectedHash === undefined ? (current?.hash ?? null) : expectedHash);
  }

  prune(keepDays: number, dryRun: boolean): Promise<string[]> {
    return pruneBackups(this.#requireStore().layout.backupsDir, keepDays, this.#o.clock.now(), dryRun);
  }

  /** Resolves the memory root again from the settings (after a change from the command line). */
  async reload(): Promise<void> {
    await this.#resolve();
    await this.refreshStatus();
  }

  /** The resolved root, for CLI messages and exit codes. */
  root(): ResolvedRoot {
    return this.#root;
  }

  // ── targets and drift ─────────────────────────────────────────────────────

  async updateTarget(input: { id: string; enabled?: boolean | undefined; mode?: RenderMode | undefined; budget?: number | null | undefined }): Promise<TargetStatus> {
    const def = findTarget(input.id);
    if (!def) throw new ApiError('not_found', `There is no target "${input.id}". Known: ${this.#targets.configured().map((t) => t.def.id).join(', ')}.`);
    const current = this.#o.settings.get().targets[def.id] ?? {};
    const next = { ...current };
    if (input.enabled !== undefined) next.enabled = input.enabled;
    if (input.mode !== undefined) next.mode = input.mode;
    if (input.budget !== undefined) next.budget = input.budget;
    this.#o.settings.update({ targets: { [def.id]: next } });
    this.#watcher?.refresh();
    await this.#targets.syncAll();
    return this.#targets.statuses().find((t) => t.id === def.id)!;
  }

  /** Re-renders every enabled target (or the one `id` names) now, with no LLM (memsync had no way to do this). */
  async syncTargets(id?: string): Promise<TargetStatus[]> {
    this.#requireStore();
    if (id === undefined) {
      await this.#targets.syncAll();
      return this.#targets.statuses();
    }
    const target = this.#targets.configured().find((t) => t.def.id === id);
    if (!target) throw new ApiError('not_found', `There is no target "${id}". Known: ${this.#targets.configured().map((t) => t.def.id).join(', ')}.`);
    if (!target.enabled) throw new ApiError('invalid_input', `${target.def.name} is turned off here; turn it on to write its file.`);
    await this.#targets.check(target.path);
    return this.#targets.statuses();
  }

  targets(): TargetStatus[] {
    return this.#targets.statuses();
  }

  listForeignEdits(): Promise<ForeignEdit[]> {
    return this.#foreign.list();
  }

  /** What adopting an outside edit would write: the agent's change merged into the memory now. */
  async previewAdopt(id: string): Promise<AdoptPreview> {
    const edit = await this.#foreign.get(id);
    return previewAdopt(edit, await this.read());
  }

  /**
   * Adopts an outside edit: its change merged into the memory (conflicts as the person chose), or
   * the person's own final text. `expectedHash` is the memory the person saw; a newer one is a
   * conflict, never overwritten.
   */
  async adopt(id: string, expectedHash: string, choice: { content?: string | undefined; resolutions?: AdoptResolution[] | undefined } = {}): Promise<WriteResult> {
    const preview = await this.previewAdopt(id);
    if (preview.memory.hash !== expectedHash) {
      throw new ApiError('conflict', 'The memory changed since you compared; compare again before adopting.');
    }
    const result = await this.write(adoptedText(preview, choice.content, choice.resolutions), expectedHash);
    await this.#foreign.remove(id);
    await this.#targets.release(id);
    await this.refreshStatus();
    return result;
  }

  async discard(id: string): Promise<{ discarded: string }> {
    await this.#foreign.get(id);
    await this.#foreign.remove(id);
    await this.#targets.release(id);
    await this.refreshStatus();
    return { discarded: id };
  }

  // ── internals ─────────────────────────────────────────────────────────────

  #probe(): FsProbe {
    return this.#o.fsProbe ?? nodeFsProbe();
  }

  #detect() {
    return detectProviders({ os: this.#o.os, home: this.#o.home, env: this.#o.env, fs: this.#probe() });
  }

  async #resolve(): Promise<void> {
    this.#root = await resolveMemoryRoot(this.#o.settings.get(), this.#o.os, () => this.#detect());
    if (this.#root.state === 'ok' && this.#root.memoryRoot) await removeMemoryRootLeftovers(this.#root.memoryRoot);
    this.#store = this.#root.memoryRoot ? new MemoryStore(memoryLayout(this.#root.memoryRoot), this.#o.locks, this.#o.clock) : undefined;
    this.#watcher?.refresh();
    this.#o.onRootChange?.(this.#root);
  }

  /** The memory root when it can be used now, or the error that says why not. */
  usableRoot(): string | ApiError {
    if (this.#root.state === 'ok' && this.#root.memoryRoot) return this.#root.memoryRoot;
    return new ApiError('unavailable', this.#root.reason ?? 'The memory folder is not available.', { rootState: this.#root.state });
  }

  #requireStore(): MemoryStore {
    const root = this.usableRoot();
    if (root instanceof ApiError || !this.#store) throw root;
    return this.#store;
  }

  async #afterMemoryChange(hash: string): Promise<void> {
    this.#announceMemory(hash);
    await this.#targets.syncAll();
    await this.refreshStatus();
  }

  async #onCanonicalChange(): Promise<void> {
    const doc = await this.#store?.readIfExists().catch(() => undefined);
    if (doc) this.#announceMemory(doc.hash);
    await this.#targets.syncAll();
    await this.refreshStatus();
  }

  #announceMemory(hash: string): void {
    if (hash === this.#announcedHash) return;
    this.#announcedHash = hash;
    this.#o.emit({ type: 'memory-changed', hash });
  }

  async #onSettingsChange(): Promise<void> {
    await this.#resolve();
    await this.#targets.syncAll();
    await this.refreshStatus();
  }

  #emptyStatus(): MemoryStatus {
    return {
      provider: this.#root.provider,
      syncRoot: this.#root.syncRoot,
      memoryRoot: this.#root.memoryRoot,
      rootState: this.#root.state,
      memory: null,
      placeholder: null,
      conflictCopies: [],
      recovery: null,
      targets: [],
      foreignEdits: 0,
    };
  }
}
