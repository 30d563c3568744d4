import { runCli } from './program';

/** Entry point of the bundled CLI (dist/main/cli.js), called by bin/memsync.js. */
export async function main(argv: readonly string[]): Promise<void> {
  process.exitCode = await runCli(argv);
}
