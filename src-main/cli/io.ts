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
  /** Asks for a secret without showing what is typed; undefined when stdin is not a terminal. */
  promptSecret?: (question: string) => Promise<string | undefined>;
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
  promptSecret: (question) => readHidden(question),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  async readStdin() {
    if (process.stdin.isTTY) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** Reads one line from the terminal with echo off (the key must not appear on screen or in scrollback). */
function readHidden(question: string): Promise<string | undefined> {
  const stdin = process.stdin;
  if (!stdin.isTTY) return Promise.resolve(undefined);
  process.stdout.write(question);
  return new Promise((resolve) => {
    let text = '';
    stdin.setRawMode(true);
    stdin.resume();
    const done = (value: string | undefined) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write('\n');
      resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done(text);
        if (ch === '\u0003') return done(undefined); // Ctrl+C: nothing is set
        if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1);
        else text += ch;
      }
    };
    stdin.on('data', onData);
  });
}

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
