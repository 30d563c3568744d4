import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src-main/cli/io';
import { runCli } from '../../../src-main/cli/program';
import { FileSecretStore, type Engine } from '../../../src-main/engine';
import { startServer, type RunningServer } from '../../../src-main/server';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';
import { createTestEngine } from '../../helpers/test-engine';

/*
 * `memsync note`, `memsync notes` and `memsync token`, run in-process against a temporary HOME
 * (issue 4, "CLI and API"). Where a running host matters, a real engine on the same HOME (with
 * the same secrets file as the CLI) and a real capture server stand in for it.
 */

let home: TempHome;
let sync: string;

beforeEach(async () => {
  home = await makeTempHome('memsync-notes-cli-');
  sync = path.join(home.home, 'Sync');
  await mkdir(sync);
});
afterEach(() => home.cleanup());

interface RunResult {
  code: number;
  out: string;
  err: string;
}

async function cli(args: string[], options: { stdin?: string } = {}): Promise<RunResult> {
  const io: CliIo & { out: string; err: string } = {
    out: '',
    err: '',
    env: home.env,
    stdout: (t) => void (io.out += t),
    stderr: (t) => void (io.err += t),
    readStdin: async () => options.stdin,
  };
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

async function init(): Promise<void> {
  const result = await cli(['init', '--sync-root', sync]);
  expect(result.code, result.err).toBe(0);
}

const userData = () => path.join(home.home, '.config', 'memsync-desktop');
const sessionsDir = () => path.join(sync, '.claude-memory', 'sessions');
const pad = (n: number) => String(n).padStart(2, '0');
const today = (d = new Date()) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** A real engine on the same HOME, secrets in the same file as the CLI's (like `memsync serve`). */
async function hostEngine(): Promise<Engine> {
  const engine = createTestEngine(home.home, { secrets: new FileSecretStore(path.join(userData(), 'secrets.json')), watch: false });
  await engine.start();
  return engine;
}

/** `Noted at HH:MM:SS (<id>).` → { time, id } */
function noted(out: string): { time: string; id: string } {
  const match = /^Noted at (\d{2}:\d{2}:\d{2}) \((\S+)\)\.$/m.exec(out);
  expect(match, out).not.toBeNull();
  return { time: match![1]!, id: match![2]! };
}

async function listNotes() {
  const engine = await hostEngine();
  try {
    return await engine.api.listNotes({});
  } finally {
    await engine.stop();
  }
}

describe('memsync note', () => {
  it('stores the words as one note with source cli, in today\'s session log', async () => {
    await init();
    const result = await cli(['note', 'staging', 'DB', 'moved', 'to', 'db2']);
    expect(result.code, result.err).toBe(0);
    const { time, id } = noted(result.out);
    const notes = await listNotes();
    expect(notes).toEqual([{ id, day: today(), time, source: 'cli', text: 'staging DB moved to db2', redacted: [], state: 'unmerged' }]);
    const log = await readFile(path.join(sessionsDir(), `${today()}.md`), 'utf8');
    expect(log).toBe(`\n---\n### ${time} (captured)\n<!-- memsync-note id=${id} source=cli -->\nstaging DB moved to db2\n`);
  });

  it('reads the note from stdin when no words are given', async () => {
    await init();
    const result = await cli(['note'], { stdin: 'from a pipe\r\nsecond line\n\n' });
    expect(result.code, result.err).toBe(0);
    const { id } = noted(result.out);
    expect(await listNotes()).toMatchObject([{ id, text: 'from a pipe\nsecond line', source: 'cli' }]);
  });

  it('says which secrets it removed', async () => {
    await init();
    const key = `sk-ant-api03-${'Zq9_Lm-3'.repeat(11)}xY5AA`;
    const result = await cli(['note', `use ${key} for the demo`]);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('Secrets were removed before storing it: anthropic-api-key.');
    expect(result.out).not.toContain(key);
    const [note] = await listNotes();
    expect(note!.redacted).toEqual(['anthropic-api-key']);
    expect(note!.text).not.toContain(key);
  });

  it.each([
    ['blank words', ['note', '   '], undefined],
    ['whitespace on stdin', ['note'], ' \n\t\n'],
    ['no words and no stdin (a terminal)', ['note'], undefined],
  ])('exits 1 for %s and stores nothing', async (_name, args, stdin) => {
    await init();
    const result = await cli(args, stdin === undefined ? {} : { stdin });
    expect(result.code).toBe(1);
    expect(result.err).toContain('Give the note as arguments');
    expect(result.out).toBe('');
    expect(await listNotes()).toEqual([]);
  });

  it('exits 2 before init (no memory root) and writes nothing', async () => {
    const result = await cli(['note', 'too early']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/memsync init/);
    expect(await stat(path.join(sync, '.claude-memory')).catch(() => null)).toBeNull();
    expect((await cli(['notes'])).code).toBe(2);
  });
});

describe('memsync notes', () => {
  it('lists notes by day, oldest first, with their state; --unmerged and --day filter', async () => {
    await init();
    // Yesterday's memsync (Python) capture: taken by its nightly refresh, so merged.
    await writeFile(path.join(sessionsDir(), '2020-02-03.md'), '\n---\n### 08:15:00 (captured)\nold daemon note\n');
    const first = noted((await cli(['note', 'first note'])).out);
    const second = noted((await cli(['note'], { stdin: 'second note\nwith a second line' })).out);
    const third = noted((await cli(['note', 'third note'])).out);

    const engine = await hostEngine();
    try {
      expect(await engine.api.dismissNotes({ ids: [second.id] })).toEqual({ dismissed: 1 });
    } finally {
      await engine.stop();
    }

    const all = await cli(['notes']);
    expect(all.code, all.err).toBe(0);
    const lines = all.out.split('\n');
    const day = today();
    expect(lines.indexOf('2020-02-03')).toBeGreaterThan(-1);
    expect(lines.indexOf(day)).toBeGreaterThan(lines.indexOf('2020-02-03'));
    expect(all.out).toMatch(/ {2}08:15:00 {2}✓ merged {4}memsync {6}old daemon note/);
    const row = (n: { time: string }, mark: string, state: string, text: string) =>
      new RegExp(`  ${n.time}  ${mark} ${state.padEnd(9)} cli {10}${text}`);
    expect(all.out).toMatch(row(first, '●', 'unmerged', 'first note'));
    expect(all.out).toMatch(row(second, '✗', 'dismissed', 'second note'));
    expect(all.out).toMatch(row(third, '●', 'unmerged', 'third note'));
    expect(all.out).toContain(`\n${' '.repeat(47)}with a second line\n`);
    expect(all.out.indexOf('first note')).toBeLessThan(all.out.indexOf('second note'));
    expect(all.out.indexOf('second note')).toBeLessThan(all.out.indexOf('third note'));
    expect(all.out).toContain('4 note(s), 2 waiting to be merged.');

    const unmerged = await cli(['notes', '--unmerged']);
    expect(unmerged.code).toBe(0);
    expect(unmerged.out).toContain('first note');
    expect(unmerged.out).toContain('third note');
    expect(unmerged.out).not.toContain('second note');
    expect(unmerged.out).not.toContain('old daemon note');
    expect(unmerged.out).toContain('2 note(s), 2 waiting to be merged.');

    const old = await cli(['notes', '--day', '2020-02-03']);
    expect(old.code).toBe(0);
    expect(old.out).toContain('old daemon note');
    expect(old.out).not.toContain('first note');
    expect(old.out).toContain('1 note(s), 0 waiting to be merged.');

    const todayOnly = await cli(['notes', '--day', day, '--unmerged']);
    expect(todayOnly.out).toContain('first note');
    expect(todayOnly.out).not.toContain('old daemon note');
    expect(todayOnly.out).not.toContain('second note');

    const empty = await cli(['notes', '--day', '1999-12-31']);
    expect(empty.code).toBe(0);
    expect(empty.out).toBe('No notes on 1999-12-31.\n');
  });

  it('shows control characters escaped, never raw (terminal escapes from anyone with the capture token)', async () => {
    await init();
    // As a phone could send it: a colour change, a title-setting OSC, a cursor move, a bidi override.
    const hostile = 'ok \u001b[31mred\u001b]0;pwned\u0007 \u001b[2Jcleared \u202egnp.exe';
    expect((await cli(['note', hostile])).code).toBe(0);
    // And a memsync (Python) entry written raw into the log, with a NUL and a DEL.
    await writeFile(path.join(sessionsDir(), '2020-02-03.md'), '\n---\n### 08:15:00 (captured)\nraw\u0000nul and \u007fdel\n');
    const out = (await cli(['notes'])).out;
    expect([...out].filter((c) => (c < ' ' && c !== '\n') || c === '\u007f' || c === '\u202e')).toEqual([]);
    expect(out).toContain('ok \\x1b[31mred\\x1b]0;pwned\\x07 \\x1b[2Jcleared \\u202egnp.exe');
    expect(out).toContain('raw\\x00nul and \\x7fdel');
  });

  it('says when nothing is waiting', async () => {
    await init();
    const none = await cli(['notes']);
    expect(none.code).toBe(0);
    expect(none.out).toContain('No notes yet. Add one with: memsync note');
    expect((await cli(['notes', '--unmerged'])).out).toContain('No notes are waiting to be merged.');
  });

  it.each(['2026-1-1', 'yesterday', '2026-11-21x', ''])('exits 1 for --day %j', async (day) => {
    await init();
    const result = await cli(['notes', '--day', day]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('--day must look like 2026-11-21.');
  });
});

describe('memsync token', () => {
  const post = (server: RunningServer, token: string) =>
    fetch(`${server.url}/note`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-memsync-token': token },
      body: JSON.stringify({ text: `posted with ${token.slice(0, 4)}…` }),
    });

  it('prints the token the server accepts, the same every time, kept only in the secrets file', async () => {
    await init();
    const first = await cli(['token']);
    expect(first.code, first.err).toBe(0);
    const token = first.out.trim();
    expect(first.out).toBe(`${token}\n`); // stdout is the token alone, for scripts
    expect(token).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(first.err).toContain('X-Memsync-Token');
    expect(first.err).toContain('http://127.0.0.1:5001/note');
    expect((await cli(['token'])).out).toBe(`${token}\n`);

    const settingsText = await readFile(path.join(userData(), 'settings.json'), 'utf8');
    expect(settingsText).not.toContain(token);
    const secretsFile = path.join(userData(), 'secrets.json');
    expect(await readFile(secretsFile, 'utf8')).toContain(token);
    if (process.platform !== 'win32') expect((await stat(secretsFile)).mode & 0o777).toBe(0o600);

    const engine = await hostEngine();
    const server = await startServer({ engine, port: 0 });
    try {
      expect((await post(server, token)).status).toBe(200);
      expect((await post(server, `${token}x`)).status).toBe(401);
      expect(await engine.notes.captureToken()).toBe(token);
    } finally {
      await server.close();
      await engine.stop();
    }
  });

  it('--rotate prints a new token; the old one stops working, the new one works', async () => {
    await init();
    const old = (await cli(['token'])).out.trim();
    const rotated = await cli(['token', '--rotate']);
    expect(rotated.code, rotated.err).toBe(0);
    const fresh = rotated.out.trim();
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(fresh).not.toBe(old);
    expect(rotated.err).toContain('The old token no longer works');
    expect((await cli(['token'])).out.trim()).toBe(fresh);
    expect(await readFile(path.join(userData(), 'settings.json'), 'utf8')).not.toContain(fresh);

    // A host started afterwards knows only the new token.
    const engine = await hostEngine();
    const server = await startServer({ engine, port: 0 });
    try {
      expect((await post(server, old)).status).toBe(401);
      expect((await post(server, fresh)).status).toBe(200);
      // Rotated through the running host's API: the CLI prints the new token, the old one is refused at once.
      const viaApi = (await engine.api.rotateCaptureToken(undefined)).token;
      expect(viaApi).not.toBe(fresh);
      expect((await cli(['token'])).out.trim()).toBe(viaApi);
      expect((await post(server, fresh)).status).toBe(401);
      expect((await post(server, viaApi)).status).toBe(200);
    } finally {
      await server.close();
      await engine.stop();
    }
  });

  it('`memsync token --rotate` reaches a running host within a second: the new token works, the old one stops', async () => {
    // Regression: the host used to cache the token for its whole life.
    await init();
    const old = (await cli(['token'])).out.trim();
    const engine = await hostEngine();
    const server = await startServer({ engine, port: 0 });
    try {
      expect((await post(server, old)).status).toBe(200);
      const fresh = (await cli(['token', '--rotate'])).out.trim();
      await expect.poll(async () => (await post(server, fresh)).status, { timeout: 3000 }).toBe(200);
      expect((await post(server, old)).status).toBe(401);
    } finally {
      await server.close();
      await engine.stop();
    }
  });

  it('works before init (the token does not need a memory root)', async () => {
    const result = await cli(['token']);
    expect(result.code, result.err).toBe(0);
    expect(result.out.trim()).toMatch(/^[A-Za-z0-9_-]{32,}$/);
  });
});
