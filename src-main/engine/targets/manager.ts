import path from 'node:path';
import type { ForeignEdit, TargetState, TargetStatus } from '../../../src-shared/contract/memory';
import type { Settings } from '../../../src-shared/contract/settings';
import type { FileLocks } from '../fs/lock';
import { hashText } from '../memory/layout';
import type { Clock, Logger } from '../services';
import type { ForeignEditStore } from './foreign-edits';
import { TARGETS } from './registry';
import { findManagedBlock, renderTarget, type Budget } from './render';
import { configureTarget, type ConfiguredTarget, type PathContext } from './resolve';
import type { TargetStateStore } from './state';
import { saveForeignContent } from './foreign-content';
import {
  fileIdentity,
  firstNonEmpty,
  inspectTargetFile,
  keepOriginalBackup,
  pathExists,
  writeTargetCopy,
  writeTargetSymlink,
  type TargetFile,
} from './target-files';

/** The canonical memory as the targets need it. */
export interface CanonicalMemory {
  content: string;
  hash: string;
  file: string;
}

export interface TargetManagerOptions {
  ctx: PathContext;
  settings: () => Settings;
  /** The current memory, or undefined when there is none to render (no file, placeholder, root offline). */
  memory: () => Promise<CanonicalMemory | undefined>;
  state: TargetStateStore;
  /** Both hosts on a machine share the state file; a pass holds its lock. */
  locks: FileLocks;
  foreignEdits: ForeignEditStore;
  clock: Clock;
  logger: Logger;
  /** Target statuses changed. */
  onChange: () => void;
  onForeignEdit: (edit: ForeignEdit) => void;
  /**
   * Live hosts: a file modified this recently is left to the watcher, which checks it once it has
   * been quiet that long (see DriftWatcher). Unset for one-shot commands, which have no watcher.
   */
  settleMs?: number;
}

/**
 * Keeps every enabled instruction file equal to what the canonical memory renders to, and tells
 * our own writes from anyone else's: a target whose content is neither the current render nor
 * what we last wrote was edited by someone else, and that version is saved before anything
 * replaces it. All work runs one job at a time, so a burst of changes never interleaves writes.
 */
export class TargetManager {
  readonly #o: TargetManagerOptions;
  #queue: Promise<unknown> = Promise.resolve();
  #syncAllQueued: Promise<void> | undefined;
  readonly #live = new Map<string, { state: TargetState; error: string | null }>();
  #statuses: TargetStatus[] = [];
  /** Originals backed up during this pass, recorded with the target's next record. */
  readonly #originals = new Map<string, { backup: string; text: string }>();

  constructor(options: TargetManagerOptions) {
    this.#o = options;
  }

  /** Every registry target as configured on this machine. */
  configured(): ConfiguredTarget[] {
    const settings = this.#o.settings();
    return TARGETS.map((def) => configureTarget(def, settings, this.#o.ctx));
  }

  enabled(): ConfiguredTarget[] {
    return this.configured().filter((t) => t.enabled);
  }

  /** The last computed statuses (refreshed after every sync and by `refreshStatuses`). */
  statuses(): TargetStatus[] {
    return this.#statuses;
  }

  /**
   * Re-renders every enabled target. Calls made while a pass is waiting to start join it; a call
   * made while a pass runs schedules one more, so the last canonical change always wins.
   */
  syncAll(): Promise<void> {
    if (this.#syncAllQueued) return this.#syncAllQueued;
    const pass = this.#enqueue(async () => {
      this.#syncAllQueued = undefined;
      const memory = await this.#o.memory();
      await Promise.all(this.enabled().map((t) => this.#syncOne(t, memory, false)));
      await this.#afterPass();
    });
    this.#syncAllQueued = pass;
    return pass;
  }

  /** Re-checks one target (its file changed on disk). */
  check(targetPath: string): Promise<void> {
    return this.#enqueue(async () => {
      const target = this.enabled().find((t) => t.path === targetPath);
      if (!target) return;
      await this.#syncOne(target, await this.#o.memory(), true);
      await this.#afterPass();
    });
  }

  /**
   * Checks every enabled target against the current render without writing anything (status and
   * doctor from the CLI, where no live repair runs).
   */
  inspect(): Promise<void> {
    return this.#enqueue(async () => {
      const memory = await this.#o.memory();
      await Promise.all(
        this.enabled().map(async (t) => {
          const current = await inspectTargetFile(t.path);
          const record = this.#o.state.get(t.def.id, t.path);
          let state: TargetState;
          if (record?.heldFor) state = 'held';
          else if (!current.exists) state = 'missing';
          else if (!memory) state = 'drifted';
          else {
            const { rendered, wantLink } = this.#desired(t, memory, current);
            state = (await this.#inSync(t, memory, current, rendered, wantLink)) ? 'in-sync' : 'drifted';
          }
          this.#live.set(t.def.id, { state, error: null });
        }),
      );
      await this.refreshStatuses();
    });
  }

  /**
   * The person decided about a foreign edit (adopted or discarded it): the target is released and
   * re-rendered. What the target holds now counts as seen, so it is replaced without being saved a
   * second time.
   */
  async release(editId: string): Promise<void> {
    await this.#enqueue(async () => {
      for (const t of this.configured()) {
        const record = this.#o.state.get(t.def.id, t.path);
        if (record?.heldFor !== editId) continue;
        const current = await inspectTargetFile(t.path);
        const seen = t.mode === 'managed-block' && current.content !== null ? findManagedBlock(current.content) : undefined;
        this.#o.state.update(t.def.id, t.path, {
          heldFor: null,
          writtenHash: current.hash ?? record.writtenHash,
          blockHash: seen ? hashText(seen.inner) : record.blockHash,
          writtenText: seen ? seen.inner : (current.content ?? record.writtenText),
        });
        this.#live.delete(t.def.id);
      }
    });
    await this.syncAll();
  }

  async refreshStatuses(): Promise<void> {
    this.#statuses = await Promise.all(this.configured().map((t) => this.#status(t)));
  }

  /**
   * Runs a job after the ones before it, holding the state file's lock across processes, with
   * the records fresh from disk and saved afterwards: the other host's writes are then known as
   * memsync's own, never taken for an agent's edit (and never undone).
   */
  #enqueue<T>(job: () => Promise<T>): Promise<T> {
    const locked = () =>
      this.#o.locks.withLock(this.#o.state.file, async () => {
        await this.#o.state.load();
        try {
          return await job();
        } finally {
          await this.#o.state.save().catch((error: unknown) => this.#o.logger.warn('target records not saved', { error }));
        }
      });
    const run = this.#queue.then(locked, locked);
    this.#queue = run.catch(() => {});
    return run;
  }

  async #afterPass(): Promise<void> {
    await this.#o.state.save();
    await this.refreshStatuses();
    this.#o.onChange();
  }

  async #syncOne(t: ConfiguredTarget, memory: CanonicalMemory | undefined, settled: boolean): Promise<void> {
    const id = t.def.id;
    try {
      const current = await inspectTargetFile(t.path);
      // An agent may be rewriting it in place right now (truncate, then write): replacing it now
      // would send the rest of its write to the replaced file. Its watcher check comes once quiet.
      const settleMs = this.#o.settleMs;
      // (Only files memsync keeps, and only when they hold something else than what it wrote: a
      // file met for the first time is backed up before anything replaces it.)
      const record = this.#o.state.get(id, t.path);
      const changedByOthers = record !== undefined && current.hash !== record.writtenHash;
      if (!settled && changedByOthers && settleMs !== undefined && current.mtimeMs !== null && Date.now() - current.mtimeMs < settleMs) return;
      if (!memory) {
        this.#live.set(id, { state: current.exists ? 'drifted' : 'missing', error: null });
        return;
      }
      if (record?.heldFor) {
        this.#live.set(id, { state: 'held', error: null });
        return;
      }
      if (current.readError) throw new Error(`memsync cannot read it (${current.readError}), so it is left as it is`);
      await this.#keepOriginal(t, memory);
      const { rendered, wantLink } = this.#desired(t, memory, current);

      if (!(await this.#inSync(t, memory, current, rendered, wantLink))) {
        if (!wantLink && !this.#isStable(t, memory, rendered.text)) {
          // A render that would not reproduce itself would be rewritten on every watcher event.
          throw new Error('its memsync block cannot be rendered stably; leaving the file as it is');
        }
        const held = await this.#handleForeignContent(t, current, memory);
        if (held) return;
        await this.#write(t, memory, rendered.text, wantLink, rendered.memoryChars, rendered.omittedSections);
      } else {
        // In step already (first sight, or another tool's link): record what is really there.
        const actual = current.isSymlink ? 'symlink' : t.mode === 'managed-block' ? 'managed-block' : 'copy';
        if (!record || record.effectiveMode !== actual || record.writtenHash !== current.hash) {
          const foreignLink = current.isSymlink && !(record?.effectiveMode === 'symlink' && !record.foreignLink);
          this.#record(t, current.hash ?? memory.hash, current.isSymlink ? memory.content : rendered.text, actual, rendered.memoryChars, rendered.omittedSections, foreignLink);
        }
      }
      this.#live.set(id, { state: 'in-sync', error: null });
    } catch (error) {
      const message = `Could not update ${t.path}: ${(error as Error).message}`;
      this.#o.logger.warn('target sync failed', { target: id, error });
      this.#live.set(id, { state: 'error', error: message });
    }
  }

  /** What the target should hold now. */
  #desired(t: ConfiguredTarget, memory: CanonicalMemory, current: TargetFile) {
    const budget: Budget | null = t.budget === null ? null : { limit: t.budget, unit: t.def.budgetUnit };
    const record = this.#o.state.get(t.def.id, t.path);
    // Our own earlier copy (before a switch to managed-block) is not the person's text to keep.
    const ownCopy = record !== undefined && record.effectiveMode !== 'managed-block' && current.hash === record.writtenHash;
    const existing = current.isSymlink || ownCopy ? undefined : (current.content ?? undefined);
    const rendered = renderTarget(memory.content, t.mode === 'managed-block' ? 'managed-block' : 'copy', budget, existing);
    // A link shows the whole file, so a target that needs a shortened variant gets a copy.
    const wantLink = t.mode === 'symlink' && rendered.omittedSections.length === 0 && !rendered.truncated;
    return { rendered, wantLink };
  }

  /** True when rendering over `text` gives `text` again (the next watcher event finds it in sync). */
  #isStable(t: ConfiguredTarget, memory: CanonicalMemory, text: string): boolean {
    if (t.mode !== 'managed-block') return true;
    const budget: Budget | null = t.budget === null ? null : { limit: t.budget, unit: t.def.budgetUnit };
    return renderTarget(memory.content, 'managed-block', budget, text).text === text;
  }

  /**
   * Saves someone else's version before it is replaced. Returns true when the target is now held
   * (policy "hold") and must not be written.
   */
  async #handleForeignContent(t: ConfiguredTarget, current: TargetFile, memory: CanonicalMemory): Promise<boolean> {
    if (await this.#linksToMemory(current, memory)) return false; // memsync's own symlink (either tool)
    const record = this.#o.state.get(t.def.id, t.path);
    const { edit, original } = await saveForeignContent(this.#o, t, current, memory, record);
    if (original) this.#originals.set(t.def.id, original);
    if (edit && record && this.#o.settings().drift.foreignEdits === 'hold') {
      this.#o.state.update(t.def.id, t.path, { heldFor: edit.id });
      this.#live.set(t.def.id, { state: 'held', error: null });
      return true;
    }
    return false;
  }

  /** A symlink that resolves to GLOBAL_MEMORY.md (ours, or memsync (Python)'s). */
  async #linksToMemory(current: TargetFile, memory: CanonicalMemory): Promise<boolean> {
    if (!current.isSymlink) return false;
    if (current.linkTarget === path.resolve(memory.file)) return true;
    return current.resolvedId !== null && current.resolvedId === (await fileIdentity(memory.file));
  }

  /**
   * Whether the target holds what it should. A link to the memory counts for a copy too when the
   * copy would be the memory itself: memsync (Python) links CLAUDE.md, and replacing its link
   * would make it rename our copy onto the person's backup on its next run.
   */
  async #inSync(t: ConfiguredTarget, memory: CanonicalMemory, current: TargetFile, rendered: { text: string }, wantLink: boolean): Promise<boolean> {
    if (await this.#linksToMemory(current, memory)) {
      if (wantLink) return true;
      const record = this.#o.state.get(t.def.id, t.path);
      const ours = record?.effectiveMode === 'symlink' && !record.foreignLink; // switched to copy since
      return !ours && t.mode !== 'managed-block' && rendered.text === memory.content;
    }
    return !wantLink && !current.isSymlink && current.content === rendered.text;
  }

  /** Puts the person's original back where something renamed a file onto its backup (spec §5). */
  async #keepOriginal(t: ConfiguredTarget, memory: CanonicalMemory): Promise<void> {
    const record = this.#o.state.get(t.def.id, t.path);
    if (!record?.original) return;
    if (await keepOriginalBackup(t.path, record.original, [record.writtenText, memory.content])) {
      this.#o.logger.info('the original was put back under its backup name (something had renamed a file onto it)', { target: t.def.id, backup: record.original.backup });
    }
  }

  async #write(t: ConfiguredTarget, memory: CanonicalMemory, text: string, wantLink: boolean, chars: number, omitted: string[]) {
    let mode: 'copy' | 'symlink' | 'managed-block' = t.mode === 'managed-block' ? 'managed-block' : 'copy';
    let written = text;
    if (wantLink) {
      const outcome = await writeTargetSymlink(t.path, memory.file);
      if (outcome.linked) {
        mode = 'symlink';
        written = memory.content;
      } else {
        this.#o.logger.info('symlink not possible, copying instead', { target: t.def.id, reason: outcome.reason });
        await writeTargetCopy(t.path, text);
      }
    } else {
      await writeTargetCopy(t.path, text);
    }
    this.#record(t, hashText(written), written, mode, chars, omitted);
    this.#o.logger.debug('wrote target', { target: t.def.id, mode, chars });
  }

  #record(t: ConfiguredTarget, writtenHash: string, text: string, mode: 'copy' | 'symlink' | 'managed-block', chars: number, omitted: string[], foreignLink = false) {
    const block = mode === 'managed-block' ? findManagedBlock(text) : undefined;
    const previous = this.#o.state.get(t.def.id, t.path);
    const original = previous?.original ?? this.#originals.get(t.def.id) ?? null;
    this.#originals.delete(t.def.id);
    this.#o.state.set(t.def.id, {
      path: t.path,
      writtenHash,
      blockHash: block ? hashText(block.inner) : null,
      writtenText: block ? block.inner : text,
      original,
      syncedAt: this.#o.clock.now().toISOString(),
      effectiveMode: mode,
      foreignLink,
      renderedChars: chars,
      omittedSections: omitted,
      heldFor: previous?.heldFor ?? null,
      error: null,
    });
  }

  async #status(t: ConfiguredTarget): Promise<TargetStatus> {
    const record = this.#o.state.get(t.def.id, t.path);
    const live = this.#live.get(t.def.id);
    const installed = (await Promise.all(t.installedPaths.map(pathExists))).some(Boolean);
    let state: TargetState = 'disabled';
    if (t.enabled) state = live?.state ?? (record?.heldFor ? 'held' : (await pathExists(t.path)) ? 'drifted' : 'missing');
    return {
      id: t.def.id,
      name: t.def.name,
      path: t.path,
      enabled: t.enabled,
      mode: t.mode,
      effectiveMode: record?.effectiveMode ?? null,
      installed,
      state,
      shadowedBy: await firstNonEmpty(t.shadowPaths),
      budget: t.budget,
      budgetUnit: t.def.budgetUnit,
      renderedChars: record?.renderedChars ?? null,
      omittedSections: record?.omittedSections ?? [],
      lastSyncedAt: record?.syncedAt ?? null,
      error: live?.error ?? null,
    };
  }
}
