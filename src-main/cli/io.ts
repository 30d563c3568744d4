import { createInterface } from 'node:readline/promises';
import type { Env } from '../engine/platform/paths';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Env;
  /** Asks the person a question; undefined when nobody can answer (stdin is not a terminal). */
  prompt?: (question: string) => Promise<string | undefined>;
  /** False when nobody can answer a prompt (so a question is not even printed). */
  interactive?: boolean;
  /** Reads all of stdin when it is piped (not a terminal); undefined otherwise. */
  readStdin?: () => Promise<string | undefined>;
  /** Colour output (a terminal, and NO_COLOR unset). */
  color?: boolean;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  async prompt(question) {
    if (!process.stdin.isTTY) return undefined;
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  },
  interactive: Boolean(process.stdin.isTTY),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  async readStdin() {
    if (process.stdin.isTTY) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** A command's failure with the exit code it should produce (memsync's codes where they apply). */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/**
 * memsync's exit codes: 2 no memory root (run init), 3 no GLOBAL_MEMORY.md, 4 provider or sync
 * folder not found, 5 LLM failure or truncated answer, 6 malformed answer; 1 for everything else.
 */
export const EXIT = { ok: 0, error: 1, noMemoryRoot: 2, noMemoryFile: 3, providerUnresolved: 4, llm: 5, malformed: 6 } as const;
