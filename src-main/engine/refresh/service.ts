import path from 'node:path';
import { ApiError } from '../../../src-shared/contract/errors';
import type { EngineEvent } from '../../../src-shared/contract/events';
import type { Note } from '../../../src-shared/contract/notes';
import type { Proposal, ProposalFlag, RefreshResult, UsageStats } from '../../../src-shared/contract/proposals';
import { enforceConstraints } from '../../../src-shared/markdown/constraints';
import { writeFileAtomic } from '../fs/atomic-write';
import { ensurePrivateDir } from '../fs/private-dir';
import type { FileLocks } from '../fs/lock';
import { createLlmClient, LlmError, type LlmAnswer, type LlmClient, type LlmClientOptions } from '../llm/client';
import { chosenModel } from '../llm/models';
import { memoryLayout } from '../memory/layout';
import type { MemoryService } from '../memory/service';
import type { NotesService } from '../notes/service';
import type { Env } from '../platform/paths';
import { redactSecrets } from '../redaction';
import type { Clock, Logger, Notifier, SecretStore } from '../services';
import { ANTHROPIC_API_KEY_SECRET, type SettingsStore } from '../settings';
import { costUsd } from '../usage/prices';
import { appendUsage, makeUsageRecord } from '../usage/usage-log';
import { applySectionPatches, MalformedAnswer, parsePatchAnswer, parseWholeAnswer } from './answer';
import { approveProposal, rejectProposal, type ApprovalContext, type ApproveInput } from './approval';
import { constraintFlags, instructionFlags, shrinkageFlags } from './checks';
import { computeHunks } from '../../../src-shared/hunks';
import { LastRunFile, type LastRun } from './last-run';
import { leakPlace, maskSecrets, unmask } from './outgoing';
import { systemPrompt, userPrompt } from './prompts';
import { ProposalStore } from './proposal-store';

/** Why a refresh produced no proposal; `exitCode` is memsync's (5 LLM failure or truncation, 6 malformed). */
export class RefreshFailure extends ApiError {
  readonly exitCode: number;
  readonly reason: 'no-key' | 'llm' | 'truncated' | 'malformed' | 'unsafe';
  constructor(reason: RefreshFailure['reason'], message: string, exitCode: number) {
    super(reason === 'no-key' || reason === 'unsafe' ? 'invalid_input' : 'unavailable', message, { reason });
    this.reason = reason;
    this.exitCode = exitCode;
  }
}

export interface RefreshServiceOptions {
  memory: MemoryService;
  notes: NotesService;
  settings: SettingsStore;
  secrets: SecretStore;
  env: Env;
  userDataDir: string;
  machine: string;
  locks: FileLocks;
  clock: Clock;
  logger: Logger;
  notifier: Notifier | undefined;
  emit: (event: EngineEvent) => void;
  /** Tests may shorten back-off delays. */
  llmOverrides?: Partial<LlmClientOptions>;
  /** Running state or last outcome changed (the engine re-announces its status). */
  onStateChange?: () => void;
}

const OUTCOME_MESSAGES: Record<RefreshResult['outcome'], string> = {
  'no-notes': 'No notes are waiting; nothing was sent.',
  unchanged: 'The notes added nothing new to the memory.',
  proposed: 'A memory update is ready for your approval.',
  applied: 'A memory update was applied automatically.',
  'dry-run': 'Dry run: nothing was stored.',
};

export interface RefreshState {
  running: boolean;
  lastRunAt: string | null;
  lastOutcome: RefreshResult['outcome'] | 'failed' | null;
  lastError: string | null;
}

/**
 * Merging notes into the memory: the model proposes, the person disposes. Nothing is written to
 * GLOBAL_MEMORY.md here; a refresh ends in a stored proposal (approval.ts applies it).
 */
export class RefreshService {
  readonly #o: RefreshServiceOptions;
  #state: RefreshState = { running: false, lastRunAt: null, lastOutcome: null, lastError: null };
  readonly #lastRun: LastRunFile;

  constructor(options: RefreshServiceOptions) {
    this.#o = options;
    this.#lastRun = new LastRunFile(options.userDataDir);
  }

  state(): RefreshState {
    return this.#state;
  }

  /**
   * Reads this machine's last run from disk: at start (so it survives a restart), and whenever the
   * status is recomputed (a `memsync refresh` in a terminal records its run there too).
   */
  async loadLastRun(): Promise<void> {
    const recorded = await this.#lastRun.read();
    const known = this.#state.lastRunAt === null ? -Infinity : Date.parse(this.#state.lastRunAt);
    if (recorded && Date.parse(recorded.lastRunAt) > known) this.#setState(recorded);
  }

  proposals(): ProposalStore {
    const root = this.#o.memory.usableRoot();
    if (root instanceof ApiError) throw root;
    return new ProposalStore(root);
  }

  async run(options: { extraNotes?: string | undefined; source?: string; dryRun?: boolean } = {}): Promise<RefreshResult> {
    if (this.#state.running) throw new ApiError('conflict', 'A refresh is already running.');
    this.#setState({ running: true });
    this.#o.onStateChange?.();
    try {
      const result = await this.#run(options);
      await this.#finished({ lastRunAt: this.#o.clock.now().toISOString(), lastOutcome: result.outcome, lastError: null });
      this.#o.emit({ type: 'refresh', state: 'done', message: OUTCOME_MESSAGES[result.outcome] });
      return result;
    } catch (error) {
      const message = (error as Error).message;
      await this.#finished({ lastRunAt: this.#o.clock.now().toISOString(), lastOutcome: 'failed', lastError: message });
      if (error instanceof RefreshFailure && error.reason !== 'no-key' && this.#o.settings.get().notifications.failures) {
        this.#o.notifier?.notify('memsync could not merge your notes', message, 'home');
      }
      this.#o.emit({ type: 'refresh', state: 'failed', message });
      throw error;
    } finally {
      this.#o.onStateChange?.();
    }
  }

  async #run(options: { extraNotes?: string | undefined; source?: string; dryRun?: boolean }): Promise<RefreshResult> {
    const store = this.proposals();
    const extra = options.extraNotes?.trim() ? { text: options.extraNotes, source: options.source ?? 'cli', kind: 'refresh' as const } : undefined;
    if (extra && !options.dryRun) await this.#o.notes.add(extra);
    if (options.dryRun) return this.#merge(store, options, extra);
    // Hosts sharing the folder merge one at a time: the second finds the first's proposal for the
    // same notes and pays for nothing. It waits as long as the first's API call may take.
    const { timeoutSeconds, maxAttempts } = this.#o.settings.get().refresh;
    const maxWaitMs = (timeoutSeconds * maxAttempts + 60) * 1000;
    return this.#o.locks.withRootLock(store.root, 'refresh', () => this.#merge(store, options, extra), { maxWaitMs });
  }

  async #merge(store: ProposalStore, options: { dryRun?: boolean }, extra: { text: string; source: string; kind: 'refresh' } | undefined): Promise<RefreshResult> {
    const notes = await this.#o.notes.unmerged();
    // A dry run stores nothing: its extra note goes into the prompt only.
    if (extra && options.dryRun) notes.push(this.#o.notes.preview(extra));
    // The cheap gate: no notes, no API call.
    if (notes.length === 0) return { outcome: 'no-notes', noteIds: [] };
    const waiting = options.dryRun ? undefined : await this.#pendingCovering(store, notes);
    if (waiting) return { outcome: 'proposed', proposal: waiting, noteIds: waiting.noteIds };
    this.#o.emit({ type: 'refresh', state: 'running', message: `Merging ${notes.length} note(s)…` });

    const settings = this.#o.settings.get();
    const apiKey = (await this.#o.secrets.get(ANTHROPIC_API_KEY_SECRET)) ?? this.#o.env.ANTHROPIC_API_KEY;
    if (!apiKey) {
      throw new RefreshFailure('no-key', 'No Anthropic API key is set. Store one with `memsync config set api_key -` (or set ANTHROPIC_API_KEY).', 5);
    }
    const current = await this.#o.memory.read();
    const mode = settings.refresh.mode;
    const { masked, values } = maskSecrets(current.content);
    const system = systemPrompt(mode);
    const outgoing = notes.map((n) => ({ ...n, text: redactSecrets(n.text).text }));
    const user = userPrompt(masked, outgoing);
    // Fail closed: if anything in what would leave the machine still reads as a secret, nothing is sent.
    const leak = leakPlace(system, user, masked, outgoing);
    if (leak) throw new RefreshFailure('unsafe', `Something at ${leak} still looks like a secret after redaction; nothing was sent. Remove it (or reword it) and refresh again.`, 1);

    const model = chosenModel(settings.llm.model);
    let answer: LlmAnswer;
    try {
      answer = await this.#client(apiKey).complete({ system, user, model, maxTokens: settings.llm.maxTokens });
    } catch (error) {
      if (error instanceof LlmError) throw new RefreshFailure('llm', `${error.message} Your notes stay queued for the next try.`, 5);
      throw error;
    }
    const usage = this.#usageStats(answer);

    if (answer.stopReason === 'max_tokens') {
      await this.#logUsage(usage, false);
      await this.#keepRawAnswer(answer.text);
      throw new RefreshFailure('truncated', 'The answer was cut off (it hit max_tokens). Nothing was proposed; your notes stay queued. Raise max_tokens or use patch mode.', 5);
    }
    let parsed;
    try {
      parsed = mode === 'patch' ? parsePatchAnswer(answer.text) : parseWholeAnswer(answer.text, masked);
    } catch (error) {
      await this.#logUsage(usage, false);
      if (error instanceof MalformedAnswer) {
        const kept = await this.#keepRawAnswer(error.raw);
        throw new RefreshFailure('malformed', `${error.message} Nothing was proposed; the raw answer is in ${kept}.`, 6);
      }
      throw error;
    }

    const proposed = parsed.kind === 'unchanged' ? current.content : unmask(parsed.kind === 'patch' ? applySectionPatches(masked, parsed.patches) : parsed.content, values);
    const enforced = enforceConstraints(current.content, proposed, settings.refresh.constraintHeadings);
    const content = enforced.text;
    const noteIds = notes.map((n) => n.id);
    if (content === current.content) {
      await this.#logUsage(usage, false);
      if (!options.dryRun) await this.#o.notes.markMerged(noteIds, 'unchanged');
      return { outcome: 'unchanged', noteIds, usage };
    }

    const hunks = computeHunks(current.content, content);
    const flags: ProposalFlag[] = [
      ...constraintFlags(enforced),
      ...shrinkageFlags(current.content, content, notes.map((n: Note) => n.text)),
      ...instructionFlags(hunks.flatMap((h) => h.added)),
      ...(values.length
        ? [{ kind: 'memory-secret' as const, message: `The memory holds ${values.length} value(s) that look like secrets. They were not sent; consider removing them from the memory (every agent reads it).`, blocksAutoApprove: false }]
        : []),
    ];
    const now = this.#o.clock.now();
    const proposal: Proposal = {
      id: ProposalStore.newId(now),
      createdAt: now.toISOString(),
      machine: this.#o.machine,
      mode,
      baseHash: current.hash,
      baseContent: current.content,
      proposedContent: content,
      hunks,
      noteIds,
      usage,
      flags,
      state: 'pending',
    };
    await this.#logUsage(usage, true);
    if (options.dryRun) return { outcome: 'dry-run', proposal, noteIds, usage };

    // One pending proposal at a time: a newer one (with the newer notes) replaces the older.
    for (const older of (await store.list()).filter((p) => p.state === 'pending')) {
      await store.save({ ...older, state: 'superseded', supersededBy: proposal.id, decidedAt: now.toISOString() });
    }
    await store.save(proposal);
    this.#o.emit({ type: 'proposal', proposal });
    // Unattended machines may apply by themselves, but only what no check flagged.
    if (settings.refresh.autoApprove && !flags.some((f) => f.blocksAutoApprove)) {
      const applied = await this.approve({ id: proposal.id });
      if (applied.state === 'applied') return { outcome: 'applied', proposal: applied, noteIds, usage };
    }
    if (settings.notifications.proposals) {
      this.#o.notifier?.notify('Memory update ready', `${hunks.length} change(s) from ${notes.length} note(s) await your approval.`, 'approvals');
    }
    return { outcome: 'proposed', proposal, noteIds, usage };
  }

  /**
   * A pending proposal made from this very memory with all of these notes, if any: asking again
   * would pay for the same answer (every host runs the nightly schedule; a proposal may wait days).
   */
  async #pendingCovering(store: ProposalStore, notes: Note[]): Promise<Proposal | undefined> {
    const current = await this.#o.memory.read();
    return (await store.list()).find((p) => p.state === 'pending' && p.baseHash === current.hash && notes.every((n) => p.noteIds.includes(n.id)));
  }

  approve(input: ApproveInput): Promise<Proposal> {
    return approveProposal(this.#approvalContext(), input);
  }

  reject(id: string, dismissNotes: boolean): Promise<Proposal> {
    return rejectProposal(this.#approvalContext(), id, dismissNotes);
  }

  #approvalContext(): ApprovalContext {
    return { store: this.proposals(), memory: this.#o.memory, notes: this.#o.notes, locks: this.#o.locks, clock: this.#o.clock, emit: this.#o.emit };
  }

  #client(apiKey: string): LlmClient {
    const settings = this.#o.settings.get().refresh;
    return createLlmClient({
      apiKey,
      baseURL: this.#o.env.ANTHROPIC_BASE_URL,
      timeoutMs: settings.timeoutSeconds * 1000,
      maxAttempts: settings.maxAttempts,
      logger: this.#o.logger,
      ...this.#o.llmOverrides,
    });
  }

  #usageStats(answer: LlmAnswer): UsageStats {
    const tokens = {
      inputTokens: answer.inputTokens,
      outputTokens: answer.outputTokens,
      cacheReadTokens: answer.cacheReadTokens,
      cacheCreationTokens: answer.cacheCreationTokens,
    };
    return { model: answer.model, ...tokens, costUsd: costUsd(answer.model, tokens), requestBytes: answer.requestBytes, answerBytes: answer.answerBytes };
  }

  async #logUsage(usage: UsageStats, changed: boolean): Promise<void> {
    const root = this.#o.memory.usableRoot();
    if (root instanceof ApiError) return;
    await appendUsage(
      memoryLayout(root).usageFile,
      makeUsageRecord({
        now: this.#o.clock.now(),
        machine: this.#o.machine,
        command: 'refresh',
        model: usage.model,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        cacheReadTokens: usage.cacheReadTokens,
        cacheCreationTokens: usage.cacheCreationTokens,
        changed,
      }),
      this.#o.locks,
    ).catch((error: unknown) => this.#o.logger.warn('usage not logged', { error }));
  }

  /** Keeps an unusable answer for inspection, on this machine only (it may quote anything). */
  async #keepRawAnswer(raw: string): Promise<string> {
    const dir = path.join(this.#o.userDataDir, 'failed-answers');
    await ensurePrivateDir(dir);
    const file = path.join(dir, `${this.#o.clock.now().toISOString().replace(/[:.]/g, '-')}.txt`);
    await writeFileAtomic(file, raw, { mode: 0o600 });
    return file;
  }

  /** A run ended: the state says so, and so does the file (a failure to record it is only logged). */
  async #finished(run: LastRun): Promise<void> {
    this.#setState({ running: false, ...run });
    await this.#lastRun.write(run).catch((error: unknown) => this.#o.logger.warn('the last refresh run was not recorded', { error }));
  }

  #setState(change: Partial<RefreshState>): void {
    this.#state = { ...this.#state, ...change };
  }
}
