import { Command, CommanderError } from 'commander';
import { APP_VERSION } from '../app-info';
import { describeFsError } from '../engine';
import { configGet, configSet, configShow, configUnset } from './commands/config';
import { doctor } from './commands/doctor';
import { adoptEdit, discardEdit, listEdits } from './commands/edits';
import { init } from './commands/init';
import { diff, prune, restore, show, sync } from './commands/memory';
import { note, notes, token } from './commands/notes';
import { approve, proposals, refresh, reject, type RefreshOptions } from './commands/refresh';
import { providers } from './commands/providers';
import { serve } from './commands/serve';
import { status } from './commands/status';
import { listTargets, setEnabled, setMode } from './commands/targets';
import { usage } from './commands/usage';
import { CliError, processIo, type CliIo } from './io';

/**
 * The `memsync` command. Each subcommand's action sets the exit code; `runCli` never calls
 * process.exit itself, so tests can run it in-process.
 */
export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('memsync')
    .description('One memory for every AI coding agent, kept in the folder you already sync.')
    .version(`memsync ${APP_VERSION}`, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run memsync --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  program
    .command('serve')
    .description('run the engine and its web UI headless (always-on machines, or where the tray app cannot run)')
    .option('--host <address>', 'address to listen on (default 127.0.0.1: this machine only)')
    .option('--port <number>', 'port to listen on; 0 picks a free port (default 5001)')
    .action(async (options: { host?: string; port?: string }) => {
      setExit(await serve(options, io));
    });

  const run = (work: () => Promise<number>) => async () => setExit(await work());

  program
    .command('init')
    .description('choose your sync folder and create the memory there (keeps an existing memory)')
    .option('--sync-root <path>', 'the folder to use (any folder you sync)')
    .option('--provider <name>', 'onedrive, icloud, gdrive, dropbox or custom')
    .option('--force', 'replace an existing memory with the starter template (after a backup)')
    .option('--from <source>', 'recreate a missing memory from a backup name or an agent id (e.g. claude-code)')
    .action((o: { syncRoot?: string; provider?: string; force?: boolean; from?: string }) => run(() => init(o, io))());

  program
    .command('status')
    .description('where the memory is, and whether every agent file is in step')
    .option('--json', 'machine-readable output')
    .action((o: { json?: boolean }) => run(() => status(o, io))());

  program.command('doctor').description('check this machine (no network); exit 1 when something needs fixing').action(run(() => doctor(io)));
  program.command('providers').description('list the cloud folders found on this machine').action(run(() => providers(io)));
  program.command('sync').description('write the memory into every enabled agent file now (no LLM)').action(run(() => sync(io)));
  program.command('show').description('print GLOBAL_MEMORY.md').action(run(() => show(io)));
  program.command('usage').description('API calls of every machine and their estimated cost (usage.jsonl)').action(run(() => usage(io)));
  program
    .command('diff')
    .description('what changed since a backup (the newest by default)')
    .option('--backup <name>', 'a backup file name, e.g. GLOBAL_MEMORY_20261121_101500.md')
    .action((o: { backup?: string }) => run(() => diff(o, io))());
  program
    .command('restore')
    .description('make a backup the memory again (the current one is backed up first)')
    .argument('[backup]', 'backup file name (default: the newest)')
    .action((name: string | undefined) => run(() => restore(name, io))());
  program
    .command('prune')
    .description('delete old backups (session logs are never pruned)')
    .option('--keep-days <n>', 'keep backups this many days (default: the keep_days setting, 30)')
    .option('--dry-run', 'only list what would be deleted')
    .action((o: { keepDays?: string; dryRun?: boolean }) => run(() => prune(o, io))());

  const edits = program.command('edits').description('outside edits of agents\' files, waiting for you to adopt or discard them');
  edits.option('--json', 'machine-readable output').action((o: { json?: boolean }) => run(() => listEdits(o, io))());
  edits
    .command('adopt')
    .argument('<id>')
    .description('merge the agent\'s change into your memory (shown first; the memory is backed up)')
    .option('--take <side>', 'for lines both changed: memory, agent or both')
    .option('-y, --yes', 'adopt without asking')
    .action((id: string, o: { take?: string; yes?: boolean }) => run(() => adoptEdit(id, o, io))());
  edits.command('discard').argument('<id>').description('drop it; the file gets your memory again').action((id: string) => run(() => discardEdit(id, io))());

  const targets = program.command('targets').description('agent instruction files memsync keeps in step');
  targets.action(run(() => listTargets(io)));
  targets.command('enable').argument('<ids...>').description('start writing these agents\' files').action((ids: string[]) => run(() => setEnabled(ids, true, io))());
  targets.command('disable').argument('<ids...>').description('stop writing these agents\' files (they are left as they are)').action((ids: string[]) => run(() => setEnabled(ids, false, io))());
  targets
    .command('mode')
    .argument('<id>')
    .argument('<mode>', 'copy, symlink or managed-block')
    .description('how a file is kept in step')
    .action((id: string, mode: string) => run(() => setMode(id, mode, io))());

  program
    .command('note')
    .description('store a note for the next merge (the text as arguments, or on stdin)')
    .argument('[text...]', 'the note')
    .action((words: string[]) => run(() => note(words, io))());
  program
    .command('notes')
    .description('list notes by day with their state (waiting, merged, dismissed)')
    .option('--unmerged', 'only notes waiting to be merged')
    .option('--day <YYYY-MM-DD>', 'only one day')
    .action((o: { unmerged?: boolean; day?: string }) => run(() => notes(o, io))());
  program
    .command('token')
    .description('print the capture token phones and scripts send with their notes')
    .option('--rotate', 'make a new token (the old one stops working)')
    .action((o: { rotate?: boolean }) => run(() => token(o, io))());

  program
    .command('refresh')
    .description('merge waiting notes into a proposal you approve (nothing is written without you)')
    .option('-n, --notes <text>', 'also add this note first')
    .option('-f, --file <path>', 'also add the notes in this file first (- reads stdin)')
    .option('--dry-run', 'show what would change; store nothing')
    .option('-y, --yes', 'approve the proposal without asking')
    .action((o: RefreshOptions) => run(() => refresh(o, io))());
  program
    .command('proposals')
    .description('proposals waiting for approval')
    .option('--all', 'include decided ones')
    .action((o: { all?: boolean }) => run(() => proposals(o, io))());
  program
    .command('approve')
    .argument('<id>')
    .description('apply a proposal (all changes, or those given)')
    .option('--hunks <n,n>', 'only these changes, e.g. 1,3')
    .action((id: string, o: { hunks?: string }) => run(() => approve(id, o, io))());
  program
    .command('reject')
    .argument('<id>')
    .description('decline a proposal; its notes stay queued')
    .option('--dismiss', 'dismiss its notes too')
    .action((id: string, o: { dismiss?: boolean }) => run(() => reject(id, o, io))());

  const config = program.command('config').description('settings of this machine');
  config.command('show').description('print the settings').action(run(() => configShow(io)));
  config.command('get').argument('<key>').description('print one setting').action((key: string) => run(() => configGet(key, io))());
  config
    .command('set')
    .argument('<key>')
    .argument('<value>', 'the new value (api_key -: read it from stdin)')
    .description('change one setting: provider, sync_root, keep_days, model, max_tokens, refresh_mode, auto_approve, refresh_schedule, foreign_edits, capture_port, lan_host, host_names, api_key')
    .action((key: string, value: string) => run(() => configSet(key, value, io))());
  config.command('unset').argument('<key>').description('put one setting back to its default (api_key: delete the stored key)').action((key: string) => run(() => configUnset(key, io))());

  return program;
}

/** Runs the CLI and resolves with the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with exit code 0; usage errors (including a missing command,
      // which prints the help) exit 2, like argparse in memsync.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CliError) {
      io.stderr(`Error: ${error.message}\n`);
      return error.exitCode;
    }
    const said = describeFsError(error) ?? error;
    io.stderr(`Error: ${said instanceof Error ? said.message : String(said)}\n`);
    return 1;
  }
}
