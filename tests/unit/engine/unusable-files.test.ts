import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src-main/engine';
import { dispatchApiCall } from '../../../src-main/engine/dispatch';
import { localDayAndTime } from '../../../src-main/engine/notes/entry-format';
import { startServer } from '../../../src-main/server';
import { runMemsync } from '../../helpers/cli';
import { eventually } from '../../helpers/eventually';
import { startRefreshRig, type RefreshRig } from '../../helpers/refresh-setup';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';
import { createTestEngine } from '../../helpers/test-engine';

/*
 * Files memsync keeps that are not what they should be: a memory that is not text, files
 * replaced by folders. Each gets a clear error naming the path, never a raw EISDIR, a 500 or a
 * partial write, and a memory that is not text never reaches the agents or the API.
 */

let rig: RefreshRig | undefined;
let home: TempHome | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await rig?.close();
  await engine?.stop();
  await home?.cleanup();
  rig = undefined;
  engine = undefined;
  home = undefined;
});

const BINARY = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe, 0x41]);

describe('a GLOBAL_MEMORY.md that is not text', () => {
  it('is not fanned out: agents\' files stay as they are and the status says why', async () => {
    home = await makeTempHome();
    const sync = path.join(home.home, 'Sync');
    await mkdir(sync);
    engine = createTestEngine(home.home);
    await engine.start();
    await engine.api.initMemoryRoot({ provider: 'custom', syncRoot: sync });
    const claude = path.join(home.home, '.claude', 'CLAUDE.md');
    const memory = await readFile(path.join(sync, '.claude-memory', 'GLOBAL_MEMORY.md'), 'utf8');
    await eventually(engine, async () => expect(await readFile(claude, 'utf8')).toBe(memory));

    await writeFile(path.join(sync, '.claude-memory', 'GLOBAL_MEMORY.md'), BINARY);
    const live = engine;
    await eventually(live, () => expect(live.status().problems.join(' ')).toMatch(/GLOBAL_MEMORY\.md is not text \(it holds NUL bytes\): agents' files are left as they are/));
    expect(await readFile(claude, 'utf8')).toBe(memory);
    await expect(live.api.readMemory(undefined)).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/memsync restore/) });
  });

  it('is not sent: the refresh stops with the reason and makes no API call', async () => {
    rig = await startRefreshRig();
    await rig.engine.api.addNote({ text: 'Uses bun now.' });
    await writeFile(path.join(rig.root, 'GLOBAL_MEMORY.md'), Buffer.concat([Buffer.from('# Memory\n- caf'), Buffer.from([0xe9]), Buffer.from(' latin-1\n')]));
    await expect(rig.engine.api.runRefresh(undefined)).rejects.toMatchObject({ message: expect.stringMatching(/not text \(it is not UTF-8\)/) });
    expect(rig.fake.requests).toHaveLength(0);
  });
});

describe('a file replaced by a folder', () => {
  it('the memory, usage.jsonl: API calls say which path, never "something went wrong"', async () => {
    rig = await startRefreshRig();
    await mkdir(path.join(rig.root, 'usage.jsonl'));
    const usage = await dispatchApiCall(rig.engine, 'usageSummary', undefined);
    expect(usage).toMatchObject({ ok: false, error: { code: 'unavailable', message: `${path.join(rig.root, 'usage.jsonl')} is a folder where memsync keeps a file; move the folder away (or rename it) and try again.` } });

    await rm(path.join(rig.root, 'GLOBAL_MEMORY.md'));
    await mkdir(path.join(rig.root, 'GLOBAL_MEMORY.md'));
    const read = await dispatchApiCall(rig.engine, 'readMemory', undefined);
    expect(read).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining(`${path.join(rig.root, 'GLOBAL_MEMORY.md')} is a folder`) } });
    await rig.engine.memory.refreshStatus();
    expect(rig.engine.status().problems.join(' ')).toContain(`${path.join(rig.root, 'GLOBAL_MEMORY.md')} is a folder`);
    expect(rig.engine.status().memory.recovery).toBeNull(); // there, not missing
  });

  it('the day\'s notes file: POST /note answers 503 naming it; the other notes still list', async () => {
    rig = await startRefreshRig();
    await rig.engine.api.addNote({ text: 'an earlier note' });
    const today = path.join(rig.root, 'sessions', `${localDayAndTime(new Date()).day}.md`);
    await rm(today);
    await mkdir(today);
    const server = await startServer({ engine: rig.engine, port: 0 });
    try {
      const token = (await rig.engine.api.captureInfo(undefined)).token;
      const res = await fetch(`${server.url}/note`, { method: 'POST', headers: { 'content-type': 'text/plain', 'x-memsync-token': token }, body: 'a note' });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: string }).error).toBe(`${today} is a folder where memsync keeps a file; move the folder away (or rename it) and try again.`);
    } finally {
      await server.close();
    }
    expect(await dispatchApiCall(rig.engine, 'listNotes', undefined)).toMatchObject({ ok: true, value: [] });
  });

  it('the CLI says which path too', async () => {
    home = await makeTempHome();
    const sync = path.join(home.home, 'Sync');
    await mkdir(sync);
    expect((await runMemsync(['init', '--sync-root', sync], home.env)).code).toBe(0);
    await mkdir(path.join(sync, '.claude-memory', 'usage.jsonl'));
    const usage = await runMemsync(['usage'], home.env);
    expect(usage.code).toBe(1);
    expect(usage.err).toContain(`${path.join(sync, '.claude-memory', 'usage.jsonl')} is a folder where memsync keeps a file`);

    // A memory that is not text: status says it is there but unusable, never "missing".
    await writeFile(path.join(sync, '.claude-memory', 'GLOBAL_MEMORY.md'), BINARY);
    const status = await runMemsync(['status'], home.env);
    expect(status.code).toBe(1);
    expect(status.out).toContain('Memory:        GLOBAL_MEMORY.md is there but cannot be used');
    expect(status.out).toMatch(/Problem: +GLOBAL_MEMORY\.md is not text/);
    expect(status.out).not.toContain('missing');
  });
});
