import { existsSync } from 'node:fs';
import path from 'node:path';
import { ProviderNameSchema, type DetectedProvider, type ProviderName } from '../../../src-shared/contract';
import type { Engine } from '../../engine';
import { PROVIDER_DISPLAY_NAMES } from '../../engine/providers/detect';
import { CliError, EXIT, type CliIo } from '../io';
import { withEngine } from '../session';

export interface InitOptions {
  syncRoot?: string;
  provider?: string;
  force?: boolean;
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
    const result = await engine.api.initMemoryRoot({ provider, syncRoot, force: options.force ?? false });
    const targets = engine.memory.targets().filter((t) => t.enabled);
    io.stdout('memsync initialized.\n');
    io.stdout(`  Provider:    ${PROVIDER_DISPLAY_NAMES[provider]}\n`);
    io.stdout(`  Sync root:   ${syncRoot ?? '(detected)'}\n`);
    io.stdout(`  Memory:      ${path.join(result.memoryRoot, 'GLOBAL_MEMORY.md')}${result.wroteTemplate ? ' (starter template)' : ' (kept)'}\n`);
    if (result.backup) io.stdout(`  Backup:      ${path.join(result.memoryRoot, 'backups', result.backup)}\n`);
    for (const t of targets) io.stdout(`  ${`${t.name}:`.padEnd(13)}${t.path} (${t.effectiveMode ?? t.mode}, ${t.state})\n`);
    io.stdout('\nNext: edit your memory file, then add notes as you work. `memsync targets` lists the other agents.\n');
    return EXIT.ok;
  });
}
