import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src-shared/contract';
import type { Engine } from '../../../src-main/engine';
import { FileLocks } from '../../../src-main/engine/fs/lock';
import { NoteStates } from '../../../src-main/engine/notes/note-states';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';
import { createTestEngine } from '../../helpers/test-engine';

let home: TempHome;
let engine: Engine;
let sync: string;
let root: string;
let now: Date;
const events: EngineEvent[] = [];

beforeEach(async () => {
  home = await makeTempHome();
  sync = path.join(home.home, 'Sync');
  root = path.join(sync, '.claude-memory');
  await mkdir(sync);
  now = new Date(2026, 10, 21, 10, 15, 42);
  engine = createTestEngine(home.home, { clock: { now: () => now }, watch: false });
  events.length = 0;
  engine.onEvent((e) => events.push(e));
  await engine.start();
  await engine.api.initMemoryRoot({ provider: 'custom', syncRoot: sync });
});
afterEach(async () => {
  await engine.stop();
  await home.cleanup();
});

describe('notes', () => {
  it('are stored durably in the day\'s session log, attributed, and announced', async () => {
    const note = await engine.api.addNote({ text: '  Prefer pnpm in new repos \n', source: 'tray' });
    expect(note).toMatchObject({ day: '2026-11-21', time: '10:15:42', source: 'tray', text: 'Prefer pnpm in new repos', state: 'unmerged', redacted: [] });
    const log = await readFile(path.join(root, 'sessions', '2026-11-21.md'), 'utf8');
    expect(log).toContain(`### 10:15:42 (captured)\n<!-- memsync-note id=${note.id} source=tray -->\nPrefer pnpm in new repos\n`);
    expect(events).toContainEqual({ type: 'note-added', note });
  });

  it('lose their secrets before they are stored, and say which kinds', async () => {
    const key = ['sk', 'ant', 'api03', 'Xy7Kq2Lm9Np4Rs8Tu1Vw6Za3Bc5De0Fg7Hj2Kl9Mn4Pq8Rs1Tu6Vw3Xy0Za5Bc2De7Fg'].join('-');
    const note = await engine.api.addNote({ text: `Use the staging key ${key} for tests` });
    expect(note.text).toBe('Use the staging key [REDACTED:anthropic-api-key] for tests');
    expect(note.redacted).toEqual(['anthropic-api-key']);
    expect(await readFile(path.join(root, 'sessions', '2026-11-21.md'), 'utf8')).not.toContain(key);
  });

  it('refuse empty text', async () => {
    await expect(engine.api.addNote({ text: ' \n\t ' })).rejects.toMatchObject({ code: 'invalid_input', message: 'empty note' });
    await expect(readdir(path.join(root, 'sessions'))).resolves.toEqual([]);
  });

  it('are listed newest first, filtered by state, day and source; dismissed and merged are recorded', async () => {
    const a = await engine.api.addNote({ text: 'a', source: 'cli' });
    now = new Date(2026, 10, 22, 9, 0, 0);
    const b = await engine.api.addNote({ text: 'b', source: 'http:iphone' });
    const c = await engine.api.addNote({ text: 'c', source: 'http' });
    expect((await engine.api.listNotes(undefined)).map((n) => n.text)).toEqual(['c', 'b', 'a']);
    expect((await engine.api.listNotes({ day: '2026-11-21' })).map((n) => n.id)).toEqual([a.id]);
    expect((await engine.api.listNotes({ source: 'http' })).map((n) => n.id)).toEqual([c.id, b.id]);

    expect(await engine.api.dismissNotes({ ids: [b.id] })).toEqual({ dismissed: 1 });
    await engine.notes.markMerged([a.id], 'proposal-1');
    expect((await engine.api.listNotes({ state: 'unmerged' })).map((n) => n.id)).toEqual([c.id]);
    expect((await engine.api.listNotes({ state: 'dismissed' })).map((n) => n.id)).toEqual([b.id]);
    expect((await engine.notes.unmerged()).map((n) => n.id)).toEqual([c.id]);
    await expect(engine.api.dismissNotes({ ids: ['nope'] })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('share their merged/dismissed state through the memory root: one file per machine, read as a union', async () => {
    const a = await engine.api.addNote({ text: 'a' });
    const b = await engine.api.addNote({ text: 'b' });
    // Another machine merged `b` (its own file in the synced folder).
    const other = new NoteStates(root, 'laptop-abc123', new FileLocks(path.join(home.home, 'other-userdata')));
    await other.record([{ id: b.id, state: 'merged', at: new Date(2026, 10, 21, 11).toISOString(), by: 'p9' }]);
    // A torn last line (the other machine crashed mid-append) is ignored.
    await writeFile(path.join(root, 'notes-state', 'laptop-abc123.jsonl'), '{"id":"x","sta', { flag: 'a' });
    expect((await engine.api.listNotes({ state: 'unmerged' })).map((n) => n.id)).toEqual([a.id]);
    const files = await readdir(path.join(root, 'notes-state'));
    expect(files).toContain('laptop-abc123.jsonl');
    // That machine, restarted, records again: the torn fragment does not swallow the new record.
    await other.record([{ id: a.id, state: 'dismissed', at: new Date(2026, 10, 21, 12).toISOString() }]);
    expect((await engine.api.listNotes({ state: 'dismissed' })).map((n) => n.id)).toEqual([a.id]);
  });

  it('read memsync\'s own entries: its refresh notes and earlier captures count as merged', async () => {
    const sessions = path.join(root, 'sessions');
    await writeFile(path.join(sessions, '2026-11-20.md'), '\n---\n### 09:30:00\nmerged by memsync refresh\n\n---\n### 22:00:00 (captured)\ncaptured yesterday\n');
    await writeFile(path.join(sessions, '2026-11-21.md'), '\n---\n### 08:00:00 (captured)\ncaptured today by the daemon\n');
    const notes = await engine.api.listNotes(undefined);
    expect(notes.map((n) => [n.text, n.state, n.source])).toEqual([
      ['captured today by the daemon', 'unmerged', 'memsync'],
      ['captured yesterday', 'merged', 'memsync'],
      ['merged by memsync refresh', 'merged', 'refresh'],
    ]);
  });

  it('group-commit: many notes at once are each stored exactly once, with one append per batch', async () => {
    const texts = Array.from({ length: 300 }, (_, i) => `note ${i}\nwith a second line ${i}`);
    const stored = await Promise.all(texts.map((text) => engine.api.addNote({ text })));
    expect(new Set(stored.map((n) => n.id)).size).toBe(300);
    const listed = await engine.api.listNotes(undefined);
    expect(listed).toHaveLength(300);
    expect(new Set(listed.map((n) => n.text))).toEqual(new Set(texts));
    expect((await stat(path.join(root, 'sessions', '2026-11-21.md'))).size).toBeGreaterThan(300 * 60);
  });

  it('capture token: generated once, kept, rotatable', async () => {
    const first = (await engine.api.captureInfo(undefined)).token;
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await engine.api.captureInfo(undefined)).token).toBe(first);
    const rotated = (await engine.api.rotateCaptureToken(undefined)).token;
    expect(rotated).not.toBe(first);
    expect(await engine.secrets.get('capture-token')).toBe(rotated);
  });
});

describe('notes written without this host', () => {
  it('are announced live (another process, another machine through the cloud client)', async () => {
    const live = createTestEngine(home.home, { clock: { now: () => now } });
    await engine.stop();
    await live.start();
    try {
      const seen: string[] = [];
      const announced = new Promise<void>((resolve) => live.onEvent((e) => e.type === 'notes-changed' && resolve()));
      live.onEvent((e) => seen.push(e.type));
      // A note appended by someone else (memsync's format), and a merge record from another machine.
      await writeFile(path.join(root, 'sessions', '2026-11-21.md'), '\n---\n### 10:00:00 (captured)\nfrom the memsync daemon\n', { flag: 'a' });
      await announced;
      expect(seen).toContain('notes-changed');
      expect((await live.api.listNotes(undefined)).map((n) => n.text)).toContain('from the memsync daemon');
    } finally {
      await live.stop();
    }
  });
});
