import { createTwoFilesPatch } from 'diff';
import { CliError, EXIT, type CliIo } from '../io';
import { withEngine } from '../session';
import { describeTarget } from './status';

/** `memsync show`: the memory, as is. */
export function show(io: CliIo): Promise<number> {
  return withEngine(io, async (engine) => {
    const doc = await engine.api.readMemory(undefined);
    io.stdout(doc.content.endsWith('\n') ? doc.content : `${doc.content}\n`);
    return EXIT.ok;
  });
}

/** `memsync diff [--backup NAME]`: what changed since a backup (the newest by default). */
export function diff(options: { backup?: string }, io: CliIo): Promise<number> {
  return withEngine(io, async (engine) => {
    const doc = await engine.api.readMemory(undefined);
    const backups = await engine.api.listBackups(undefined);
    const name = options.backup ?? backups[0]?.name;
    if (!name) {
      io.stdout('No backups found.\n');
      return EXIT.ok;
    }
    const backup = await engine.api.readBackup({ name });
    if (backup.content === doc.content) {
      io.stdout(`No differences from ${name}.\n`);
      return EXIT.ok;
    }
    io.stdout(createTwoFilesPatch(name, 'GLOBAL_MEMORY.md', backup.content, doc.content, '', '', { context: 3 }));
    return EXIT.ok;
  });
}

/** `memsync restore [BACKUP]`: the backup (the newest by default) becomes the memory; the current memory is backed up first. */
export function restore(backup: string | undefined, io: CliIo): Promise<number> {
  return withEngine(io, async (engine) => {
    const name = backup ?? (await engine.api.listBackups(undefined))[0]?.name;
    if (!name) throw new CliError('There are no backups to restore.', EXIT.error);
    const result = await engine.api.restoreBackup({ name });
    if (!result.changed) {
      io.stdout(`GLOBAL_MEMORY.md already equals ${name}; nothing changed.\n`);
      return EXIT.ok;
    }
    io.stdout(`Restored ${name}.\n${result.backup ? `  Previous memory saved as backups/${result.backup}\n` : ''}`);
    const targets = engine.memory.targets().filter((t) => t.enabled);
    for (const t of targets) io.stdout(`${describeTarget(t, engine.paths.homeDir)}\n`);
    return EXIT.ok;
  });
}

/** `memsync prune [--keep-days N] [--dry-run]`: old backups only; session logs are never pruned. */
export function prune(options: { keepDays?: string; dryRun?: boolean }, io: CliIo): Promise<number> {
  return withEngine(io, async (engine) => {
    let keepDays = engine.settings.get().backups.keepDays;
    if (options.keepDays !== undefined) {
      if (!/^\d+$/.test(options.keepDays)) throw new CliError('--keep-days must be a whole number of days.', EXIT.error);
      keepDays = Number(options.keepDays);
    }
    const names = await engine.memory.prune(keepDays, options.dryRun ?? false);
    if (options.dryRun) {
      io.stdout(names.length ? `[DRY RUN] Would prune ${names.length} backup(s) older than ${keepDays} days:\n${names.map((n) => `  ${n}\n`).join('')}` : `[DRY RUN] No backups older than ${keepDays} days.\n`);
    } else {
      io.stdout(names.length ? `Pruned ${names.length} backup(s) older than ${keepDays} days.\n${names.map((n) => `  removed: ${n}\n`).join('')}` : `No backups older than ${keepDays} days.\n`);
    }
    return EXIT.ok;
  });
}

/** `memsync sync`: re-renders every enabled target now, with no LLM call. */
export function sync(io: CliIo): Promise<number> {
  return withEngine(io, async (engine) => {
    const targets = (await engine.api.syncTargets(undefined)).filter((t) => t.enabled);
    if (targets.length === 0) io.stdout('No targets are enabled (memsync targets enable <id>).\n');
    for (const t of targets) io.stdout(`${describeTarget(t, engine.paths.homeDir)}\n`);
    return targets.every((t) => t.state === 'in-sync' || t.state === 'held') ? EXIT.ok : EXIT.error;
  });
}
