import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src-main/cli/io';
import { runCli } from '../../../src-main/cli/program';
import { parseSessionFile } from '../../../src-main/engine/notes/entry-format';
import type { Note } from '../../../src-shared/contract/notes';
import { bundleForChild } from '../../helpers/bundle';
import { startServe, type ServeProcess } from '../../helpers/serve-process';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';
import { createTestEngine } from '../../helpers/test-engine';

/*
 * Durability of the notes log across processes (issue 4): an acknowledged note is on disk, so a
 * host killed with SIGKILL under load loses none of them; two hosts appending at once, plus a
 * memsync (Python) daemon appending without any lock, never interleave.
 */

let home: TempHome;
let sync: string;
const sessionsDir = () => path.join(sync, '.claude-memory', 'sessions');
const userDataDir = () => path.join(home.home, '.config', 'memsync-desktop');

beforeEach(async () => {
  home = await makeTempHome('memsync-durable-');
  sync = path.join(home.home, 'Sync');
  await mkdir(sync);
});
afterEach(() => home.cleanup());

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io: CliIo & { out: string; err: string } = {
    out: '',
    err: '',
    env: home.env,
    stdout: (t) => void (io.out += t),
    stderr: (t) => void (io.err += t),
  };
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

/** Every day file of the session log, read by a parser written here (not the product's). */
async function rawEntries(): Promise<Array<{ time: string; id: string | null; text: string }>> {
  const names = (await readdir(sessionsDir())).filter((n) => n.endsWith('.md')).sort();
  const entries: Array<{ time: string; id: string | null; text: string }> = [];
  for (const name of names) {
    const content = await readFile(path.join(sessionsDir(), name), 'utf8');
    const parts = content.split(/\n---\n### (\d{2}:\d{2}:\d{2}) \(captured\)\n/);
    expect(parts[0], `${name} starts with something that is not an entry`).toBe('');
    for (let i = 1; i < parts.length; i += 2) {
      const body = parts[i + 1]!;
      expect(body.endsWith('\n'), `entry without its final newline: ${JSON.stringify(body.slice(-80))}`).toBe(true);
      const meta = /^<!-- memsync-note id=(\S+) source=\S+ -->\n/.exec(body);
      entries.push({ time: parts[i]!, id: meta?.[1] ?? null, text: body.slice(meta?.[0].length ?? 0, -1) });
    }
  }
  return entries;
}

function post(url: string, token: string, text: string, agent: http.Agent): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const target = new URL('/note', url);
    const body = JSON.stringify({ text, source: 'loadtest' });
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'x-memsync-token': token, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode!, body: JSON.parse(data) as Record<string, unknown> });
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function listNotesOver(serve: ServeProcess): Promise<Note[]> {
  const res = await fetch(`${serve.url}/api/listNotes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${serve.token}`, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { value: Note[] }).value;
}

const loadText = (client: number, n: number) =>
  `client ${client} note ${n}\n${'x'.repeat((client * 37 + n * 11) % 300)}\n---\n### 12:34:56 (captured)\nnot a new entry ${client}/${n}`;

describe('memsync serve killed with SIGKILL under load', () => {
  it('keeps every acknowledged note exactly once, intact, and starts again', { timeout: 20_000 }, async () => {
    expect((await cli(['init', '--sync-root', sync])).code).toBe(0);
    const tokenRun = await cli(['token']);
    expect(tokenRun.code).toBe(0);
    const token = tokenRun.out.trim();

    const serve = await startServe(home.env);
    const acked = new Map<string, string>();
    const sent = new Set<string>();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    let failures = 0;
    const client = async (c: number) => {
      for (let n = 0; ; n++) {
        const text = loadText(c, n);
        sent.add(text);
        let answer;
        try {
          answer = await post(serve.url, token, text, agent);
        } catch {
          return; // the host is gone
        }
        if (answer.status !== 200) {
          failures++;
          return;
        }
        expect(acked.has(answer.body.id as string)).toBe(false);
        acked.set(answer.body.id as string, text);
      }
    };
    const clients = Array.from({ length: 8 }, (_v, c) => client(c));
    const started = Date.now();
    while (acked.size < 300 && Date.now() - started < 8_000) await new Promise((r) => setTimeout(r, 5));
    expect(await serve.stop('SIGKILL')).toBe('SIGKILL');
    await Promise.all(clients);
    agent.destroy();
    expect(failures).toBe(0);
    expect(acked.size).toBeGreaterThanOrEqual(300);

    // Straight from the disk: every acknowledged id exactly once with its text; nothing torn.
    const raw = await rawEntries();
    for (const entry of raw) {
      expect(entry.id, `an entry without metadata: ${entry.text.slice(0, 60)}`).not.toBeNull();
      expect(sent.has(entry.text.replace(/^\\(### )/gm, '$1')), `torn or interleaved: ${JSON.stringify(entry.text.slice(0, 80))}`).toBe(true);
    }
    const counts = new Map<string, number>();
    for (const entry of raw) counts.set(entry.id!, (counts.get(entry.id!) ?? 0) + 1);
    for (const [id, text] of acked) {
      expect(counts.get(id), id).toBe(1);
      expect(raw.find((e) => e.id === id)!.text.replace(/^\\(### )/gm, '$1')).toBe(text);
    }

    // The host starts again on the same HOME and reads them all.
    const again = await startServe(home.env);
    try {
      const notes = await listNotesOver(again);
      const byId = new Map(notes.map((n) => [n.id, n]));
      expect(byId.size).toBe(notes.length);
      for (const [id, text] of acked) {
        expect(byId.get(id)?.text, id).toBe(text);
        expect(byId.get(id)?.source).toBe('http:loadtest');
      }
      // And it accepts notes again at once: a lock the killed host held names its process, which
      // is gone, so it is taken over without waiting for it to go stale (file-locks.test.ts).
      const fresh = await post(again.url, token, 'after the crash', new http.Agent());
      expect(fresh.status).toBe(200);
      expect((await listNotesOver(again)).find((n) => n.id === fresh.body.id)?.text).toBe('after the crash');
    } finally {
      await again.stop();
    }
  });
});

describe('two hosts and a memsync daemon appending at once', () => {
  const writerText = (name: string, i: number) =>
    `${name} note ${i}\nsecond line of ${name}-${i}\n${'padding '.repeat(i % 25)}end of ${name}-${i}`;
  const daemonText = (i: number) => `daemon note ${i}\nwritten by memsync (Python) with a plain append ${'y'.repeat(i % 40)}`;

  /** Imitates memsync's capture.py: open(..., 'a').write(entry), no lock, no fsync. */
  const DAEMON = `
    import { appendFileSync, mkdirSync } from 'node:fs';
    import path from 'node:path';
    const [dir, countText, startAtText] = process.argv.slice(1);
    const pad = (n) => String(n).padStart(2, '0');
    const sleep = new Int32Array(new SharedArrayBuffer(4));
    while (Date.now() < Number(startAtText)) Atomics.wait(sleep, 0, 0, 2);
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < Number(countText); i++) {
      const d = new Date();
      const day = d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
      const time = pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
      const text = 'daemon note ' + i + '\\nwritten by memsync (Python) with a plain append ' + 'y'.repeat(i % 40);
      appendFileSync(path.join(dir, day + '.md'), '\\n---\\n### ' + time + ' (captured)\\n' + text + '\\n');
      Atomics.wait(sleep, 0, 0, 2);
    }
  `;

  function run(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('exit', (code) => resolve({ code, out, err }));
    });
  }

  it('stores every note once, none interleaved, and all three writers\' entries parse', { timeout: 20_000 }, async () => {
    const engine = createTestEngine(home.home, { watch: false });
    await engine.start();
    try {
      await engine.api.initMemoryRoot({ provider: 'custom', syncRoot: sync });
      const memoryRoot = path.join(sync, '.claude-memory');
      const writer = await bundleForChild(path.join(import.meta.dirname, 'children', 'notes-writer.ts'));
      const count = 150;
      const daemonCount = 300;
      const startAt = String(Date.now() + 700);
      const [a, b, daemon] = await Promise.all([
        run([writer, userDataDir(), memoryRoot, 'alpha', String(count), '5', startAt]),
        run([writer, userDataDir(), memoryRoot, 'beta', String(count), '3', startAt]),
        run(['--input-type=module', '-e', DAEMON, sessionsDir(), String(daemonCount), startAt]),
      ]);
      for (const r of [a, b, daemon]) expect(r.code, r.err).toBe(0);

      const acks = (out: string) => new Map(out.trim().split('\n').map((l) => l.split(' ')).map(([, n, id]) => [id!, Number(n)]));
      const alpha = acks(a.out);
      const beta = acks(b.out);
      expect(alpha.size).toBe(count);
      expect(beta.size).toBe(count);

      // Our parser: exactly the 600 entries, each text exactly one that was written.
      const raw = await rawEntries();
      expect(raw).toHaveLength(2 * count + daemonCount);
      const expected = new Map<string, number>([
        ...Array.from({ length: count }, (_v, i) => [writerText('alpha', i), 0] as const),
        ...Array.from({ length: count }, (_v, i) => [writerText('beta', i), 0] as const),
        ...Array.from({ length: daemonCount }, (_v, i) => [daemonText(i), 0] as const),
      ]);
      for (const entry of raw) {
        expect(expected.has(entry.text), `interleaved or torn: ${JSON.stringify(entry.text.slice(0, 80))}`).toBe(true);
        expected.set(entry.text, expected.get(entry.text)! + 1);
      }
      expect([...expected.values()].every((n) => n === 1)).toBe(true);
      for (const [id, n] of alpha) expect(raw.find((e) => e.id === id)?.text).toBe(writerText('alpha', n));
      for (const [id, n] of beta) expect(raw.find((e) => e.id === id)?.text).toBe(writerText('beta', n));
      expect(raw.filter((e) => e.id === null)).toHaveLength(daemonCount);

      // The product's parser and note list agree: our entries with their metadata, memsync's without.
      const names = (await readdir(sessionsDir())).filter((n) => n.endsWith('.md'));
      const parsed = (
        await Promise.all(names.map(async (n) => parseSessionFile(n.slice(0, 10), await readFile(path.join(sessionsDir(), n), 'utf8'))))
      ).flat();
      expect(parsed).toHaveLength(2 * count + daemonCount);
      const notes = await engine.api.listNotes({});
      expect(notes).toHaveLength(2 * count + daemonCount);
      expect(new Set(notes.map((n) => n.id)).size).toBe(notes.length);
      expect(notes.filter((n) => n.source === 'cli:alpha').map((n) => n.text).sort()).toEqual(
        Array.from({ length: count }, (_v, i) => writerText('alpha', i)).sort(),
      );
      expect(notes.filter((n) => n.source === 'cli:beta')).toHaveLength(count);
      const daemonNotes = notes.filter((n) => n.source === 'memsync');
      expect(daemonNotes.map((n) => n.text).sort()).toEqual(Array.from({ length: daemonCount }, (_v, i) => daemonText(i)).sort());
      // Today's memsync captures are waiting to be merged, like ours.
      expect(daemonNotes.every((n) => n.state === 'unmerged')).toBe(true);
    } finally {
      await engine.stop();
    }
  });
});
