import type { CliIo } from '../../src-main/cli/io';
import { runCli } from '../../src-main/cli/program';

export interface CliRun {
  code: number;
  out: string;
  err: string;
  prompts: string[];
}

/**
 * Runs `memsync ARGS` in-process with `env` (a temporary HOME's), scripted prompt answers (none:
 * no terminal), what stdin holds and a typed secret, and collects what it printed.
 */
export async function runMemsync(args: string[], env: NodeJS.ProcessEnv, options: { answers?: string[]; stdin?: string; secret?: string } = {}): Promise<CliRun> {
  const answers = [...(options.answers ?? [])];
  const result: CliRun = { code: 0, out: '', err: '', prompts: [] };
  const io: CliIo = {
    env,
    stdout: (t) => void (result.out += t),
    stderr: (t) => void (result.err += t),
    prompt: async (question) => {
      result.prompts.push(question);
      return answers.shift();
    },
    readStdin: async () => options.stdin,
    promptSecret: async (question) => {
      result.prompts.push(question);
      return options.secret;
    },
  };
  result.code = await runCli(args, io);
  return result;
}
