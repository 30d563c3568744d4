import { stat } from 'node:fs/promises';
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
