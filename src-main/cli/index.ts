import { runCli } from './program';

/**
 * `memsync targets | head` closes the pipe before everything is written: the rest is not wanted,
 * so the command ends quietly (as `cat` does), not with an EPIPE stack trace.
 */
function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`memsync: cannot write its output (${error.code ?? error.message}).\n`);
    process.exit(1);
  });
}

/** Entry point of the bundled CLI (dist/main/cli.js), called by bin/memsync.js. */
export async function main(argv: readonly string[]): Promise<void> {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  process.exitCode = await runCli(argv);
}
