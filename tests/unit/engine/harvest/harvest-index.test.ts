import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileLocks } from '../../../../src-main/engine/fs/lock';
import { START_CURSOR, type SessionCursor } from '../../../../src-main/engine/harvest/cursor';
import { harvestedEntry, nextEntry, recordHarvested } from '../../../../src-main/engine/harvest/harvest-index';
import type { SessionFile } from '../../../../src-main/engine/harvest/sessions';
import { readTurns } from '../../../../src-main/engine/harvest/turns';
import { repoRoot } from '../../../helpers/repo';
import { fixturePath } from '../../../helpers/transcript-fixtures';

const MEMSYNC_ROOT = path.join(repoRoot, 'tests', 'fixtures', 'memsync-root');
const [OBJECT_STEM, OTHER_STEM] = ['3f2b6c1e-8a4d-4b9e-a7c2-91d0e5f4b3a8', 'b7e2c9a4-5d1f-4e8a-9c3b-2f6a8d0e1c57'];

let dir: string;
let locks: FileLocks;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'memsync-harvested-'));
  locks = new FileLocks(path.join(dir, 'user-data'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const session = (stem: string, source: SessionFile['source'] = 'claude-code'): SessionFile => ({ source, path: `/x/${stem}.jsonl`, key: `p/${stem}.jsonl`, stem, session: stem, parent: null, size: 0, mtimeMs: 0, project: null });
const at = (legacyCount: number): SessionCursor => ({ ...START_CURSOR, offset: 10, legacyCount });

describe('harvested.json entries', () => {
  it('are looked up for Claude Code sessions only', () => {
    const index = { abc: 12, 'rollout-x': 3 };
    expect(harvestedEntry(index, session('abc'))).toBe(12);
    expect(harvestedEntry(index, session('missing'))).toBeUndefined();
    expect(harvestedEntry(index, session('constructor'))).toBeUndefined();
    expect(harvestedEntry(index, session('rollout-x', 'codex'))).toBeUndefined();
  });

  it('never go down, and a -1 stays -1', () => {
    expect(nextEntry(undefined, at(7))).toBe(7);
    expect(nextEntry(3, at(7))).toBe(7);
    expect(nextEntry(9, at(7))).toBe(9);
    expect(nextEntry(-1, at(7))).toBe(-1);
  });
});

describe('recordHarvested', () => {
  it('keeps the object form up to date in memsync’s layout, keeping what was there', async () => {
    const file = path.join(dir, 'harvested.json');
    await copyFile(path.join(MEMSYNC_ROOT, '.claude-memory', 'harvested.json'), file);
    expect(await recordHarvested(file, [{ session: session(OBJECT_STEM), cursor: at(50) }, { session: session('new-session'), cursor: at(4) }], locks)).toBe(true);
    expect(await readFile(file, 'utf8')).toBe(`{\n  "${OBJECT_STEM}": 50,\n  "${OTHER_STEM}": 17,\n  "new-session": 4\n}`);
  });

  it('turns the legacy list into the object form, its entries staying "harvested, count unknown"', async () => {
    const file = path.join(dir, 'harvested.json');
    await copyFile(path.join(MEMSYNC_ROOT, 'harvested-legacy.json'), file);
    await recordHarvested(file, [{ session: session(OBJECT_STEM), cursor: at(5) }, { session: session('new-session'), cursor: at(2) }], locks);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ [OBJECT_STEM]: -1, [OTHER_STEM]: -1, 'new-session': 2 });
  });

  it('leaves the file alone when nothing changes, and never lists other agents’ sessions', async () => {
    const file = path.join(dir, 'harvested.json');
    await writeFile(file, '{\n  "abc": 9\n}');
    const before = await stat(file);
    expect(await recordHarvested(file, [{ session: session('abc'), cursor: at(9) }, { session: session('rollout-1', 'codex'), cursor: at(0) }], locks)).toBe(false);
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
    expect(await recordHarvested(path.join(dir, 'absent.json'), [{ session: session('rollout-1', 'gemini'), cursor: at(3) }], locks)).toBe(false);
  });

  it('refuses to overwrite a harvested.json it cannot read', async () => {
    const file = path.join(dir, 'harvested.json');
    await writeFile(file, '{"abc": 9');
    await expect(recordHarvested(file, [{ session: session('abc'), cursor: at(10) }], locks)).rejects.toThrow(/not valid JSON/);
    expect(await readFile(file, 'utf8')).toBe('{"abc": 9');
  });

  it('stores the count memsync itself would take for the whole session, so it sees nothing new', async () => {
    const stream = readTurns(fixturePath('claude-code', 'session.jsonl'), { source: 'claude-code' });
    for await (const _ of stream);
    const file = path.join(dir, 'harvested.json');
    await recordHarvested(file, [{ session: session('2b43b07a-45de-4eb6-958d-af94cc25c78a'), cursor: stream.summary!.cursor }], locks);
    // memsync (Python)'s read_session_transcript counts 8 messages in this file; it re-harvests only above that.
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ '2b43b07a-45de-4eb6-958d-af94cc25c78a': 8 });
  });
});
