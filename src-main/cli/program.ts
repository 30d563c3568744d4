import { Command, CommanderError } from 'commander';
import { APP_VERSION } from '../app-info';
import { serve } from './commands/serve';
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
    io.stderr(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
