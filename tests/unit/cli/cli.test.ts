import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/cli/program';
import type { CliIo } from '../../../src-main/cli/io';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';
import { startServe } from '../../helpers/serve-process';

function captureIo(env: NodeJS.ProcessEnv = {}): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    env,
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  return io;
}

describe('memsync (in process)', () => {
  it('--version prints the package version', async () => {
    const io = captureIo();
    expect(await runCli(['--version'], io)).toBe(0);
    expect(io.out.trim()).toMatch(/^memsync \d+\.\d+\.\d+/);
  });

  it('--help lists the commands', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out).toContain('serve');
    expect(io.out).toContain('Usage: memsync');
  });

  it('usage errors exit 2 with a pointer to --help', async () => {
    const io = captureIo();
    expect(await runCli(['frobnicate'], io)).toBe(2);
    expect(io.err).toContain("unknown command 'frobnicate'");
    expect(await runCli([], captureIo())).toBe(2);
  });

  it.each(['abc', '-1', '70000', '1.5'])('serve --port %s is refused clearly', async (port) => {
    const io = captureIo();
    expect(await runCli(['serve', '--port', port], io)).toBe(2);
    expect(io.err).toContain('--port must be a whole number from 0 to 65535');
  });
});

describe('memsync serve (child process)', () => {
  let home: TempHome;
  beforeEach(async () => {
    home = await makeTempHome();
  });
  afterEach(() => home.cleanup());

  it('prints the URL with its token, answers /health, and stops cleanly on SIGTERM and SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const serve = await startServe(home.env);
      expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(serve.token.length).toBeGreaterThanOrEqual(32);
      const health = await fetch(`${serve.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true });
      expect(serve.output()).toContain(home.home); // everything lives under the temporary HOME
      expect(await serve.stop(signal)).toBe(0);
      expect(serve.output()).toContain('Stopped.');
    }
  });

  it('says clearly when the port is taken and exits 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startServe(home.env, ['--port', String(port)])).rejects.toThrow(
        new RegExp(`Port ${port} on 127.0.0.1 is already in use[\\s\\S]*exited \\(1\\)|exited \\(1\\)[\\s\\S]*Port ${port}`),
      );
    } finally {
      blocker.close();
    }
  });
});
