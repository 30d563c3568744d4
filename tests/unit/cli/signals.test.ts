import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/repo';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

/*
 * `npm run serve` (and `npm start`'s headless host) run as npm → sh -c → scripts/node22.mjs →
 * memsync serve. A SIGTERM to npm ended npm and the shell, which forwards nothing, and the server
 * kept its port. Here the shell stands in for npm's: it is sent SIGTERM, and everything under it
 * must stop (its stdout reaches end of file only when every process holding it has exited).
 */

let home: TempHome;
beforeEach(async () => {
  home = await makeTempHome();
});
afterEach(() => home.cleanup());

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });

describe.skipIf(process.platform === 'win32')('stopping the server started through a shell', () => {
  it('SIGTERM to the outer process stops the inner server and frees its port', async () => {
    // `; exit $?` keeps the shell from exec-ing node, as npm's `sh -c` does with dash.
    const shell = spawn('/bin/sh', ['-c', 'node scripts/node22.mjs node bin/memsync.js serve --port 0; exit $?'], {
      cwd: repoRoot,
      env: home.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const ended = new Promise<void>((resolve) => shell.stdout.on('end', resolve));
    shell.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    shell.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const port = await new Promise<number>((resolve) => {
      shell.stdout.on('data', () => {
        const match = /Health:\s+http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
        if (match) resolve(Number(match[1]));
      });
    });
    expect(await refused(port)).toBe(false);

    shell.kill('SIGTERM');
    await ended;
    expect(out).toContain('Stopped.');
    expect(await refused(port)).toBe(true);
  });
});
