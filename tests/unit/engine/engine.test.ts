import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src-shared/contract';
import { createTestEngine } from '../../helpers/test-engine';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

let home: TempHome;
beforeEach(async () => {
  home = await makeTempHome();
});
afterEach(() => home.cleanup());

function makeEngine() {
  const started = new Date('2026-11-21T10:00:00.000Z');
  return createTestEngine(home.home, { version: '9.9.9', clock: { now: () => started } });
}

describe('engine lifecycle', () => {
  it('reports its state through status() and announces each change as an event', async () => {
    const engine = makeEngine();
    const events: EngineEvent[] = [];
    engine.onEvent((e) => events.push(e));
    expect(engine.status().state).toBe('stopped');
    expect(engine.status().startedAt).toBeNull();

    await engine.start();
    const status = await engine.api.status(undefined);
    expect(status).toMatchObject({
      version: '9.9.9',
      host: 'headless',
      state: 'running',
      machine: 'testbox',
      startedAt: '2026-11-21T10:00:00.000Z',
      userDataDir: path.join(home.home, '.config', 'memsync-desktop'),
    });
    expect((await stat(status.userDataDir)).isDirectory()).toBe(true);

    await engine.start(); // idempotent
    await engine.stop();
    await engine.stop();
    // Status is re-announced whenever a part of it changes; the state transitions come in order.
    const states = events.flatMap((e) => (e.type === 'status' ? [e.status.state] : []));
    expect(states.filter((s, i) => s !== states[i - 1])).toEqual(['starting', 'running', 'stopping', 'stopped']);
  });

  it('keeps delivering events when one listener throws', async () => {
    const engine = makeEngine();
    const seen: string[] = [];
    engine.onEvent(() => {
      throw new Error('bad listener');
    });
    engine.onEvent((e) => seen.push(e.type));
    await engine.start();
    expect(seen).toEqual(['status', 'status']);
    await engine.stop();
  });
});

describe.skipIf(process.platform === 'win32')('the per-machine data folder', () => {
  it('is private (0700) once the engine started, also when it existed as 0755; so is foreign-edits/', async () => {
    const data = path.join(home.home, '.config', 'memsync-desktop');
    await mkdir(data, { recursive: true, mode: 0o755 });
    await chmod(data, 0o755);
    const engine = createTestEngine(home.home, { watch: false });
    await engine.start();
    try {
      expect((await stat(data)).mode & 0o777).toBe(0o700);
      // An agent's file found at first sync is kept as an outside edit, in foreign-edits/.
      const sync = path.join(home.home, 'Sync');
      await mkdir(sync);
      await mkdir(path.join(home.home, '.claude'), { recursive: true });
      await writeFile(path.join(home.home, '.claude', 'CLAUDE.md'), '# my own notes for Claude\n');
      await engine.api.initMemoryRoot({ provider: 'custom', syncRoot: sync });
      await engine.api.syncTargets(undefined);
      expect((await engine.api.listForeignEdits(undefined)).length).toBeGreaterThan(0);
      expect((await stat(path.join(data, 'foreign-edits'))).mode & 0o777).toBe(0o700);
    } finally {
      await engine.stop();
    }
  });
});
