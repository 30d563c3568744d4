import { spawnSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMemsync } from '../../helpers/cli';
import { memsyncBin, repoRoot } from '../../helpers/repo';
import { startServe, type ServeProcess } from '../../helpers/serve-process';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

let home: TempHome;
let serve: ServeProcess | undefined;
beforeEach(async () => {
  home = await makeTempHome();
  await mkdir(path.join(home.home, 'Sync'));
});
afterEach(async () => {
  await serve?.stop();
  serve = undefined;
  await home.cleanup();
});

describe('memsync token', () => {
  it('names the address the running host listens on, not always the configured port', async () => {
    serve = await startServe(home.env, ['--port', '0']);
    const notes = /Notes:\s+(http:\/\/\S+)/.exec(serve.output())![1]!;
    expect(notes).not.toContain(':5001');
    const running = await runMemsync(['token'], home.env);
    expect(running.err).toContain(`to ${notes} (where memsync is listening now)`);

    await serve.stop();
    serve = undefined;
    const stopped = await runMemsync(['token'], home.env);
    expect(stopped.err).toContain('to http://127.0.0.1:5001/note once memsync runs');
  });
});

describe('a damaged secrets.json', () => {
  it('does not stop serve: it is moved aside, serve says so, and notes are taken with the new token', async () => {
    const data = path.join(home.home, '.config', 'memsync-desktop');
    expect((await runMemsync(['init', '--sync-root', path.join(home.home, 'Sync')], home.env)).code).toBe(0);
    await writeFile(path.join(data, 'secrets.json'), '{"capture-token": "half a wri');
    serve = await startServe(home.env, ['--port', '0']);
    expect(serve.output()).toMatch(/Problem: The secrets file was damaged; it was moved to .*secrets\.json\.damaged-/);
    const token = (await runMemsync(['token'], home.env)).out.trim();
    const notes = /Notes:\s+(http:\/\/\S+)/.exec(serve.output())![1]!;
    const res = await fetch(notes, { method: 'POST', headers: { 'content-type': 'text/plain', 'x-memsync-token': token }, body: 'still taking notes' });
    expect(res.status).toBe(200);
    expect((await readdir(data)).filter((n) => n.startsWith('secrets.json.damaged-'))).toHaveLength(1);
  });
});

describe.skipIf(process.platform === 'win32')('output into a closed pipe', () => {
  it('ends quietly, without an EPIPE stack trace', () => {
    // `true` exits at once, so every write of memsync goes into a closed pipe.
    const result = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${memsyncBin}" targets | true; "${process.execPath}" "${memsyncBin}" --help | true`], {
      cwd: repoRoot,
      env: home.env,
      encoding: 'utf8',
    });
    expect(result.stderr.split('\n').filter((l) => l && !l.includes('newer than its build'))).toEqual([]);
  });
});
