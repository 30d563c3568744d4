import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src-shared/contract';
import { createEngine, MemorySecretStore, resolveAppPaths } from '../../../src-main/engine';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

let home: TempHome;
beforeEach(async () => {
  home = await makeTempHome();
});
afterEach(() => home.cleanup());

function makeEngine() {
  const started = new Date('2026-11-21T10:00:00.000Z');
  return createEngine({
    host: 'headless',
    version: '9.9.9',
    os: 'linux',
    machine: 'testbox',
    paths: resolveAppPaths('linux', { HOME: home.home }, '/nowhere'),
    secrets: new MemorySecretStore(),
    clock: { now: () => started },
  });
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
    expect(events.map((e) => e.type === 'status' && e.status.state)).toEqual(['starting', 'running', 'stopping', 'stopped']);
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
