import { mkdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src-main/engine';
import { dispatchApiCall } from '../../../src-main/engine/dispatch';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';
import { createTestEngine } from '../../helpers/test-engine';

let home: TempHome;
let engine: Engine;
const exists = (file: string) => readFile(file).then(() => true, () => false);

beforeEach(async () => {
  home = await makeTempHome();
  const sync = path.join(home.home, 'Sync');
  await mkdir(sync);
  // No live repair: only the calls below write the agents' files.
  engine = createTestEngine(home.home, { watch: false });
  await engine.start();
  await engine.api.initMemoryRoot({ provider: 'custom', syncRoot: sync });
  await engine.api.updateTarget({ id: 'codex', enabled: true });
});
afterEach(async () => {
  await engine.stop();
  await home.cleanup();
});

describe('syncTargets', () => {
  it('writes only the agent it names ("Sync now" on one card), or every enabled one', async () => {
    const claude = path.join(home.home, '.claude', 'CLAUDE.md');
    const codex = path.join(home.home, '.codex', 'AGENTS.md');
    await unlink(claude);
    await unlink(codex);

    const statuses = await engine.api.syncTargets({ id: 'codex' });
    expect(await exists(codex)).toBe(true);
    expect(await exists(claude)).toBe(false);
    expect(statuses.find((t) => t.id === 'codex')?.state).toBe('in-sync');

    await engine.api.syncTargets(undefined);
    expect(await exists(claude)).toBe(true);
  });

  it('says which agent it does not know, or that it is turned off', async () => {
    const unknown = await dispatchApiCall(engine, 'syncTargets', { id: 'notepad' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const off = await dispatchApiCall(engine, 'syncTargets', { id: 'gemini' });
    expect(off).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('turned off') } });
    const bad = await dispatchApiCall(engine, 'syncTargets', { id: '../etc' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
