import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src-main/engine';
import { FileLocks } from '../../../src-main/engine/fs/lock';
import { localDayAndTime } from '../../../src-main/engine/notes/entry-format';
import { eventually } from '../../helpers/eventually';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';
import { createTestEngine } from '../../helpers/test-engine';

let home: TempHome;
let engine: Engine;
let sync: string;
let memoryFile: string;
let claude: string;

const read = (file: string) => readFile(file, 'utf8');
/** Long enough for the watcher to have fanned a change out, had it been watching (it takes ~1 ms). */
const quietFor = (ms = 500) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(async () => {
  home = await makeTempHome();
  sync = path.join(home.home, 'Sync');
  await mkdir(sync);
  memoryFile = path.join(sync, '.claude-memory', 'GLOBAL_MEMORY.md');
  claude = path.join(home.home, '.claude', 'CLAUDE.md');
  // The folder check timer never fires in these tests: only a catch-up can notice what it would.
  engine = createTestEngine(home.home, { rootCheckMs: 3_600_000 });
  await engine.start();
  await engine.api.initMemoryRoot({ provider: 'custom', syncRoot: sync });
});
afterEach(async () => {
  await engine.stop();
  await home.cleanup();
});

describe('pausing and resuming the watching', () => {
  it('leaves agents’ files alone while paused, and catches up on resume', async () => {
    expect(engine.status().paused).toBe(false);
    expect(await engine.api.setWatching({ paused: true })).toEqual({ paused: true });
    expect(engine.status().paused).toBe(true);

    await writeFile(memoryFile, '# Memory\n\nedited while paused\n');
    await writeFile(claude, '# my own CLAUDE.md edit\n');
    await quietFor();
    expect(await read(claude)).toBe('# my own CLAUDE.md edit\n');

    expect(await engine.api.setWatching({ paused: false })).toEqual({ paused: false });
    // The memory is fanned out; the agent's edit made meanwhile is kept for review, not lost.
    expect(await read(claude)).toBe('# Memory\n\nedited while paused\n');
    expect((await engine.api.listForeignEdits(undefined)).map((e) => e.targetId)).toEqual(['claude-code']);
    // Watching is live again.
    await writeFile(memoryFile, '# Memory\n\nafter resume\n');
    await eventually(engine, async () => expect(await read(claude)).toBe('# Memory\n\nafter resume\n'));
  });

  it('still carries out what the person does while paused', async () => {
    await engine.api.setWatching({ paused: true });
    const doc = await engine.api.readMemory(undefined);
    await engine.api.writeMemory({ content: '# saved in the window\n', expectedHash: doc.hash });
    expect(await read(claude)).toBe('# saved in the window\n');
    const note = await engine.api.addNote({ text: 'noted while paused' });
    expect(note.text).toBe('noted while paused');
  });

  it('announces the pause in status, once per change', async () => {
    const paused: boolean[] = [];
    engine.onEvent((e) => e.type === 'status' && paused.push(e.status.paused));
    await engine.api.setWatching({ paused: true });
    await engine.api.setWatching({ paused: true });
    await engine.api.setWatching({ paused: false });
    expect(paused.filter((p, i) => p !== paused[i - 1])).toEqual([true, false]);
  });
});

describe('catching up after sleep or a screen lock', () => {
  it('notices at once a memory folder that came back, and fans out what it holds', async () => {
    const away = path.join(home.home, 'Sync-offline');
    await rename(sync, away);
    await engine.catchUp('unlock-screen');
    expect(engine.status().memory.rootState).toBe('unavailable');

    await writeFile(path.join(away, '.claude-memory', 'GLOBAL_MEMORY.md'), '# Memory\n\nfrom the other machine\n');
    await rename(away, sync);
    await engine.catchUp('resume');
    expect(engine.status().memory.rootState).toBe('ok');
    expect(await read(claude)).toBe('# Memory\n\nfrom the other machine\n');
  });

  it('does nothing to files while paused', async () => {
    await engine.api.setWatching({ paused: true });
    await writeFile(memoryFile, '# Memory\n\nwhile paused\n');
    await engine.catchUp('resume');
    expect(await read(claude)).not.toBe('# Memory\n\nwhile paused\n');
  });
});

describe('stopping', () => {
  it('waits for a note that is being written before it stops', async () => {
    // Another process holds the day's notes file: the note waits for it, and so must stop().
    const root = path.join(sync, '.claude-memory');
    const dayFile = path.join(root, 'sessions', `${localDayAndTime(new Date()).day}.md`);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding: () => void = () => {};
    const locked = new Promise<void>((resolve) => (holding = resolve));
    const other = new FileLocks(engine.paths.userDataDir).withLock(dayFile, async () => {
      holding();
      await held;
    });
    await locked;

    const order: string[] = [];
    const note = engine.api.addNote({ text: 'written as the app quits' }).then(() => order.push('note stored'));
    const stopped = engine.stop().then(() => order.push('engine stopped'));
    await quietFor(300);
    expect(order).toEqual([]);
    expect(engine.status().state).toBe('stopping');

    release();
    await Promise.all([note, stopped, other]);
    expect(order).toEqual(['note stored', 'engine stopped']);
    expect(await read(dayFile)).toContain('written as the app quits');
  });

  it('waits for host work it was given to track', async () => {
    let finish: () => void = () => {};
    const work = engine.track(() => new Promise<string>((resolve) => (finish = () => resolve('done'))));
    let stopped = false;
    const stopping = engine.stop().then(() => (stopped = true));
    await quietFor(100);
    expect(stopped).toBe(false);
    finish();
    expect(await work).toBe('done');
    await stopping;
    expect(engine.status().state).toBe('stopped');
  });
});
