import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src-main/engine';
import { eventually } from '../../helpers/eventually';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';
import { createTestEngine } from '../../helpers/test-engine';

let home: TempHome;
let engine: Engine;
let inbox: string;

/** Every file under `dir`, as one text (what the cloud client would upload). */
async function readAll(dir: string): Promise<string> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(await readFile(path.join(entry.parentPath, entry.name), 'utf8'));
  }
  return out.join('\n');
}

beforeEach(async () => {
  home = await makeTempHome();
  const sync = path.join(home.home, 'Sync');
  await mkdir(sync);
  engine = createTestEngine(home.home, { watch: false });
  await engine.start();
  await engine.api.initMemoryRoot({ provider: 'custom', syncRoot: sync });
  inbox = path.join(sync, '.claude-memory', 'inbox');
  await mkdir(inbox, { recursive: true });
});
afterEach(async () => {
  await engine.stop();
  await home.cleanup();
});

describe('the inbox folder', () => {
  it('turns .md and .txt files into notes and removes the files once the notes are stored', async () => {
    await writeFile(path.join(inbox, 'from-phone.md'), '# Idea\nUse mise for tool versions\n');
    await writeFile(path.join(inbox, 'Note 2.TXT'), 'second');
    const outcomes = await engine.inbox.sweep(inbox);
    expect(outcomes.map((o) => o.result)).toEqual(['note', 'note']);
    const notes = await engine.api.listNotes({ source: 'inbox' });
    expect(notes.map((n) => n.text).sort()).toEqual(['# Idea\nUse mise for tool versions', 'second']);
    expect(await readdir(inbox)).toEqual([]);
  });

  it('keeps no secret raw in the synced folder: the note is redacted and the file is gone', async () => {
    const key = ['sk', 'ant', 'api03', 'Qw7Er9Ty2Ui4Op6As8Df1Gh3Jk5Lz7Xc9Vb2Nm4Qw6Er8Ty1Ui3Op5As7Df9Gh2Jk4'].join('-');
    await writeFile(path.join(inbox, 'keys.md'), `new key for the staging box: ${key}\npassword: hunter2-staging-77\n`);
    expect((await engine.inbox.sweep(inbox))[0]).toMatchObject({ result: 'note' });
    const [note] = await engine.api.listNotes({ source: 'inbox' });
    expect(note!.redacted.length).toBeGreaterThan(0);
    expect(note!.text).not.toContain(key);
    const everything = await readAll(path.dirname(inbox));
    expect(everything).not.toContain(key);
    expect(everything).not.toContain('hunter2-staging-77');
  });

  it('stores a file once even when it is processed twice (a crash between note and removal)', async () => {
    await writeFile(path.join(inbox, 'idea.md'), 'once');
    expect((await engine.inbox.process(path.join(inbox, 'idea.md'))).result).toBe('note');
    // The same file arrives again (restored by the cloud client, or the removal never happened).
    await writeFile(path.join(inbox, 'idea.md'), 'once');
    expect((await engine.inbox.process(path.join(inbox, 'idea.md'))).result).toBe('duplicate');
    expect(await engine.api.listNotes({ source: 'inbox' })).toHaveLength(1);
    expect(await readdir(inbox)).toEqual([]);
  });

  it('removes what older versions left in processed/ once its note is known to be stored; keeps the rest', async () => {
    await writeFile(path.join(inbox, 'idea.md'), 'token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB');
    await engine.inbox.sweep(inbox);
    // What an older version left: the same file moved to processed/ (twice, the second renamed), and one never stored.
    await mkdir(path.join(inbox, 'processed'));
    await writeFile(path.join(inbox, 'processed', 'idea.md'), 'token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB');
    await writeFile(path.join(inbox, 'processed', 'idea-1.md'), 'token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB');
    await writeFile(path.join(inbox, 'processed', 'unknown.md'), 'not in the log');
    await engine.inbox.sweep(inbox);
    expect(await readdir(path.join(inbox, 'processed'))).toEqual(['unknown.md']);
  });

  it('rejects junk with the reason beside it, in words that never quote the file', async () => {
    const secret = 'password=Tr0ub4dor-and-3';
    await writeFile(path.join(inbox, 'photo.jpg'), Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0x00]), Buffer.from(secret)]));
    await writeFile(path.join(inbox, 'binary.md'), Buffer.concat([Buffer.from([0x61, 0x00, 0x62]), Buffer.from(secret)]));
    await writeFile(path.join(inbox, 'huge.md'), `${secret}\n${'x'.repeat(70 * 1024)}`);
    await writeFile(path.join(inbox, 'blank.md'), '  \n\n');
    const outcomes = await engine.inbox.sweep(inbox);
    expect(outcomes.every((o) => o.result === 'rejected')).toBe(true);
    const rejected = path.join(inbox, 'rejected');
    const reason = async (name: string) => (await readFile(path.join(rejected, `${name}.reason.txt`), 'utf8')).trim();
    expect(await reason('photo.jpg')).toBe('not a .md or .txt file');
    expect(await reason('binary.md')).toMatch(/^not text/);
    expect(await reason('huge.md')).toContain('64 KiB');
    expect(await reason('blank.md')).toBe('empty note');
    for (const o of outcomes) expect(o.reason).not.toContain('Tr0ub4dor');
    for (const name of ['photo.jpg', 'binary.md', 'huge.md']) expect(await reason(name)).not.toContain('Tr0ub4dor');
    expect(await engine.api.listNotes(undefined)).toEqual([]);
  });

  it('leaves files that are still arriving or not downloaded yet', async () => {
    await writeFile(path.join(inbox, 'empty-placeholder.md'), '');
    await writeFile(path.join(inbox, '.idea.md.icloud'), 'stub');
    await writeFile(path.join(inbox, 'upload.md.part'), 'partial');
    await writeFile(path.join(inbox, 'draft.md.tmp'), 'partial');
    const outcomes = await engine.inbox.sweep(inbox);
    expect(outcomes.map((o) => o.result)).toEqual(['waiting', 'waiting', 'waiting', 'waiting']);
    expect((await readdir(inbox)).sort()).toEqual(['.idea.md.icloud', 'draft.md.tmp', 'empty-placeholder.md', 'upload.md.part']);
  });

  it('is watched live by a running host (a file that appears becomes a note by itself)', async () => {
    const live = createTestEngine(home.home, { env: { HOME: home.home } });
    await engine.stop();
    await live.start();
    try {
      await writeFile(path.join(inbox, 'live.txt'), 'dropped by the phone');
      await expect.poll(async () => (await live.api.listNotes({ source: 'inbox' })).map((n) => n.text), { timeout: 8000 }).toEqual([
        'dropped by the phone',
      ]);
      await expect.poll(() => readdir(inbox), { timeout: 5000 }).toEqual([]);
    } finally {
      await live.stop();
    }
  });

  it('a file named "inbox" where the folder should be is reported as a problem; the host keeps running', async () => {
    await engine.stop();
    await rm(inbox, { recursive: true });
    await writeFile(inbox, 'not a folder');
    const live = createTestEngine(home.home, { env: { HOME: home.home } });
    // Before, this rejected in the background and an unhandled rejection ended `memsync serve`.
    await live.start();
    try {
      await eventually(live, () => expect(live.status().problems.join(' ')).toMatch(/The inbox .* cannot be used \(a file has that name\)/));
      expect(live.status().state).toBe('running');
      expect((await live.api.addNote({ text: 'still works' })).text).toBe('still works');
    } finally {
      await live.stop();
    }
  });
});
