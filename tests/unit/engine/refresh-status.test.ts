import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent, RefreshStatus } from '../../../src-shared/contract';
import type { Engine } from '../../../src-main/engine';
import { reply } from '../../helpers/fake-anthropic';
import { patchAnswer, startRefreshRig } from '../../helpers/refresh-setup';
import { createTestEngine } from '../../helpers/test-engine';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

let home: TempHome;
let engine: Engine | undefined;
beforeEach(async () => {
  home = await makeTempHome();
});
afterEach(async () => {
  vi.useRealTimers();
  await engine?.stop();
  engine = undefined;
  await home.cleanup();
});

async function startEngine(): Promise<{ engine: Engine; statuses: RefreshStatus[] }> {
  const e = createTestEngine(home.home, { watch: false });
  engine = e;
  const statuses: RefreshStatus[] = [];
  e.onEvent((event: EngineEvent) => {
    if (event.type === 'status') statuses.push(event.status.refresh);
  });
  await e.start();
  const sync = path.join(home.home, 'Sync');
  await mkdir(sync, { recursive: true });
  await e.api.initMemoryRoot({ provider: 'custom', syncRoot: sync });
  return { engine: e, statuses };
}

describe('the refresh status behind the window’s badges', () => {
  it('counts a new note in the very next status, without waiting for the recount', async () => {
    const { engine, statuses } = await startEngine();
    // No timer fires from here on: whatever the status says, it said without the 1 s recount.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await engine.api.addNote({ text: 'Prefers pnpm', source: 'ui' });
    expect(statuses.at(-1)?.unmergedNotes).toBe(1);
    expect(engine.status().refresh.unmergedNotes).toBe(1);
  });

  it('recounts at once when notes change state (no timer involved), one recount at a time', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }); // timers move only when the test says so
    const { engine, statuses } = await startEngine();
    const notes = [];
    for (let i = 0; i < 3; i++) notes.push(await engine.api.addNote({ text: `note ${i}`, source: 'ui' }));
    expect(engine.status().refresh.unmergedNotes).toBe(3);

    await engine.api.dismissNotes({ ids: [notes[0]!.id] });
    await expect.poll(() => statuses.at(-1)?.unmergedNotes, { interval: 5 }).toBe(2);
    // Changes while a recount runs are all in the next one.
    await Promise.all([engine.api.dismissNotes({ ids: [notes[1]!.id] }), engine.api.dismissNotes({ ids: [notes[2]!.id] })]);
    await expect.poll(() => statuses.at(-1)?.unmergedNotes, { interval: 5 }).toBe(0);
    await engine.api.restoreNotes({ ids: [notes[2]!.id] });
    await expect.poll(() => statuses.at(-1)?.unmergedNotes, { interval: 5 }).toBe(1);
  });

  it('announces a burst of new notes a few times, not once per note, and ends with the count on disk', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { engine, statuses } = await startEngine();
    const before = statuses.length;
    await Promise.all(Array.from({ length: 40 }, (_, i) => engine.api.addNote({ text: `burst ${i}`, source: 'http:iphone' })));
    expect(statuses.length - before).toBe(1); // the first, at once; the others wait for the window
    expect(engine.status().refresh.unmergedNotes).toBe(40);
    await vi.advanceTimersByTimeAsync(1000);
    await expect.poll(() => statuses.at(-1)?.unmergedNotes, { interval: 5 }).toBe(40);
    expect(statuses.length - before).toBeLessThanOrEqual(3);
  });

  it('names the waiting proposal as soon as its event is out, and drops it when it is decided', async () => {
    const rig = await startRefreshRig();
    try {
      const atEvent: Array<string | null> = [];
      rig.engine.onEvent((event) => {
        if (event.type === 'proposal') atEvent.push(rig.engine.status().refresh.pendingProposal);
      });
      await rig.engine.api.addNote({ text: 'Shipped the capture endpoint', source: 'ui' });
      rig.fake.enqueue(reply.text(patchAnswer({ action: 'add', after: 'Current priorities', body: '## Recent completions\n- Shipped the capture endpoint' })));
      const { proposal } = await rig.engine.api.runRefresh(undefined);
      await rig.engine.api.rejectProposal({ id: proposal!.id });
      // What listeners of each event read from the status at that moment: the proposal, then none.
      expect(atEvent).toEqual([proposal!.id, null]);
    } finally {
      await rig.close();
    }
  });

  it('keeps the last merge time and outcome across a restart, per machine', async () => {
    const first = await startEngine();
    const result = await first.engine.api.runRefresh({});
    expect(result.outcome).toBe('no-notes');
    const { lastRunAt } = first.engine.status().refresh;
    expect(lastRunAt).not.toBeNull();
    await first.engine.stop();

    const again = await startEngine();
    expect(again.engine.status().refresh).toMatchObject({ lastRunAt, lastOutcome: 'no-notes', lastError: null });
  });

  it('starts with no last run when the record is missing or unreadable', async () => {
    const userData = path.join(home.home, '.config', 'memsync-desktop');
    await mkdir(userData, { recursive: true });
    await writeFile(path.join(userData, 'refresh-last-run.json'), '{"lastRunAt": "yesterday"');
    const { engine } = await startEngine();
    expect(engine.status().refresh).toMatchObject({ lastRunAt: null, lastOutcome: null });
  });
});
