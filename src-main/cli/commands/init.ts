import { existsSync } from 'node:fs';
import path from 'node:path';
import { ApiError, ProviderNameSchema, type DetectedProvider, type MemoryRecovery, type ProviderName } from '../../../src-shared/contract';
import type { Engine } from '../../engine';
import { PROVIDER_DISPLAY_NAMES } from '../../engine/providers/detect';
import { CliError, EXIT, type CliIo } from '../io';
import { withEngine } from '../session';

export interface InitOptions {
  syncRoot?: string;
  provider?: string;
  force?: boolean;
  /** Recreate a missing memory from this backup name or agent id. */
  from?: string;
}

function expandHome(p: string, home: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(home, p.slice(1)) : path.resolve(p);
}

function parseProvider(name: string): ProviderName {
  const parsed = ProviderNameSchema.safeParse(name);
  if (!parsed.success) {
    throw new CliError(`unknown provider '${name}'. Available: ${ProviderNameSchema.options.join(', ')}`, EXIT.error);
  }
  return parsed.data;
}

/** Several folders found: the person picks one (never a silent pick). */
async function choose(found: DetectedProvider[], io: CliIo): Promise<DetectedProvider> {
  io.stdout('Several sync folders were found:\n');
  found.forEach((f, i) => {
    const extra = [f.detail, f.hasMemory ? 'has a memory already' : null].filter(Boolean).join(', ');
    io.stdout(`  ${i + 1}. ${f.displayName} (${f.syncRoot})${extra ? ` — ${extra}` : ''}\n`);
  });
  for (let attempt = 0; attempt < 5; attempt++) {
    const answer = await io.prompt?.(`Choose [1-${found.length}]: `);
    if (answer === undefined) {
      throw new CliError('Several sync folders were found and none was chosen. Run again with --provider NAME or --sync-root PATH.', EXIT.error);
    }
    const n = Number(answer.trim());
    if (Number.isInteger(n) && n >= 1 && n <= found.length) return found[n - 1]!;
    io.stdout('Please type one of the numbers above.\n');
  }
  throw new CliError('No choice was made.', EXIT.error);
}

async function pickFolder(engine: Engine, options: InitOptions, io: CliIo): Promise<{ provider: ProviderName; syncRoot: string | null }> {
  if (options.syncRoot) {
    const syncRoot = expandHome(options.syncRoot, engine.paths.homeDir);
    if (!existsSync(syncRoot)) throw new CliError(`path does not exist: ${syncRoot}`, EXIT.error);
    return { provider: options.provider ? parseProvider(options.provider) : 'custom', syncRoot };
  }
  const detected = engine.memory.detectProviders();
  if (options.provider) {
    const provider = parseProvider(options.provider);
    const mine = detected.filter((d) => d.name === provider);
    if (mine.length === 0) {
      throw new CliError(
        `provider '${provider}' could not find its sync folder.\nTry: memsync init --sync-root /path/to/folder`,
        EXIT.providerUnresolved,
      );
    }
    const chosen = mine.length === 1 ? mine[0]! : await choose(mine, io);
    return { provider, syncRoot: chosen.syncRoot };
  }
  if (detected.length === 0) {
    throw new CliError(
      'no cloud sync folder detected.\nRun with --sync-root to specify a path manually:\n  memsync init --sync-root /path/to/sync/folder',
      EXIT.providerUnresolved,
    );
  }
  const chosen = detected.length === 1 ? detected[0]! : await choose(detected, io);
  if (detected.length === 1) io.stdout(`Found ${chosen.displayName} at ${chosen.syncRoot}.\n`);
  return { provider: chosen.name, syncRoot: chosen.syncRoot };
}

type InitInput = { provider: ProviderName; syncRoot: string | null; force: boolean; from?: string };

/**
 * Init refuses when the memory is missing but backups or agents' files hold it. In a terminal the
 * person then chooses where it comes back from, or the blank template; elsewhere the refusal,
 * with the ways to do it, is the answer (exit 3).
 */
async function initOrRecover(engine: Engine, input: InitInput, io: CliIo) {
  try {
    return await engine.api.initMemoryRoot(input);
  } catch (error) {
    const details = error instanceof ApiError ? (error.details as { recovery?: MemoryRecovery } | undefined) : undefined;
    if (!(error instanceof ApiError) || error.code !== 'conflict' || !details?.recovery || !io.prompt || io.interactive === false) throw error;
    const r = details.recovery;
    const choices = [
      ...(r.newestBackup ? [{ from: r.newestBackup, label: `the newest backup (${r.newestBackup})` }] : []),
      ...r.agentFiles.map((f) => ({ from: f.targetId, label: `${f.name}'s file (${f.path})` })),
    ];
    const question = [
      'GLOBAL_MEMORY.md is missing, but your memory still exists:',
      ...choices.map((c, i) => `  ${i + 1}. Bring it back from ${c.label}`),
      `  ${choices.length + 1}. Start from the blank template (agents' files are backed up first)`,
      '',
    ].join('\n');
    io.stdout(question);
    const answer = await io.prompt(`Choose [1-${choices.length + 1}]: `);
    if (answer === undefined) throw new CliError(error.message, EXIT.noMemoryFile);
    const n = Number(answer.trim());
    if (n >= 1 && n <= choices.length) return engine.api.initMemoryRoot({ ...input, from: choices[n - 1]!.from });
    if (n === choices.length + 1) return engine.api.initMemoryRoot({ ...input, force: true });
    throw new CliError('No choice was made; nothing was changed.', EXIT.noMemoryFile);
  }
}

/** `memsync init`: choose the sync folder and create the memory root there. */
export async function init(options: InitOptions, io: CliIo): Promise<number> {
  return withEngine(io, async (engine) => {
    const root = engine.memory.root();
    const status = engine.status().memory;
    const hasMemory = status.memory !== null || status.placeholder !== null;
    const configured = root.state === 'ok' && root.provider !== null && root.syncRoot !== null;
    const sameFolder = !options.syncRoot && !options.provider;
    if (configured && hasMemory && sameFolder && !options.force) {
      io.stdout(`memsync already initialized (${root.memoryRoot}). Use --force to reinitialize.\n`);
      return EXIT.ok;
    }
    // Re-running init (with --force, or to recreate a deleted memory) works on the folder in use;
    // it never goes looking for another one.
    const { provider, syncRoot } =
      configured && sameFolder ? { provider: root.provider!, syncRoot: root.syncRoot } : await pickFolder(engine, options, io);
    const result = await initOrRecover(engine, { provider, syncRoot, force: options.force ?? false, ...(options.from ? { from: options.from } : {}) }, io);
    const targets = engine.memory.targets().filter((t) => t.enabled);
    const memoryState = result.restoredFrom ? ` (recreated from ${result.restoredFrom})` : result.wroteTemplate ? ' (starter template)' : ' (kept)';
    const rows: Array<[string, string]> = [
      ['Provider:', PROVIDER_DISPLAY_NAMES[provider]],
      ['Sync root:', syncRoot ?? '(detected)'],
      ['Memory:', `${path.join(result.memoryRoot, 'GLOBAL_MEMORY.md')}${memoryState}`],
      ...(result.backup ? [['Backup:', path.join(result.memoryRoot, 'backups', result.backup)] as [string, string]] : []),
      ...result.savedTargets.map((p): [string, string] => ['Saved:', `${p} (what the agent's file held)`]),
      ...targets.map((t): [string, string] => [`${t.name}:`, `${t.path} (${t.effectiveMode ?? t.mode}, ${t.state})`]),
    ];
    // One column for every row, however long an agent's name is.
    const width = Math.max(13, ...rows.map(([label]) => label.length + 1));
    io.stdout('memsync initialized.\n');
    for (const [label, value] of rows) io.stdout(`  ${label.padEnd(width)}${value}\n`);
    io.stdout('\nNext: edit your memory file, then add notes as you work. `memsync targets` lists the other agents.\n');
    return EXIT.ok;
  });
}
