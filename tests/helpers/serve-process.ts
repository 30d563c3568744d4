import { spawn, type ChildProcess } from 'node:child_process';
import { memsyncBin } from './repo';

export interface ServeProcess {
  child: ChildProcess;
  /** Origin of the server, e.g. http://127.0.0.1:40123 */
  url: string;
  token: string;
  /** The address printed for people: url + /#token=… */
  uiUrl: string;
  output(): string;
  /** Sends a signal and resolves with the exit code (or signal name). */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/**
 * Starts the real `memsync serve` (bin/memsync.js → built CLI) as a child process and waits for
 * the address it prints. Port 0 by default, so tests never collide.
 */
export async function startServe(env: NodeJS.ProcessEnv, args: string[] = ['--port', '0']): Promise<ServeProcess> {
  const child = spawn(process.execPath, [memsyncBin, 'serve', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );

  const uiUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`memsync serve printed no address in 30 s:\n${out}`)), 30_000);
    const check = () => {
      const match = /Open:\s+(http:\/\/\S+#token=\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`memsync serve exited (${code}) before printing an address:\n${out}`));
    });
  });
  const url = new URL(uiUrl);
  return {
    child,
    url: url.origin,
    token: new URLSearchParams(url.hash.slice(1)).get('token')!,
    uiUrl,
    output: () => out,
    stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
