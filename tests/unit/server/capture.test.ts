import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src-main/engine';
import { startServer, type RunningServer } from '../../../src-main/server';
import { RateLimiter } from '../../../src-main/server/rate-limit';
import { CaptureSettingsSchema, type CaptureSettings } from '../../../src-shared/contract/settings';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';
import { createTestEngine } from '../../helpers/test-engine';

/*
 * `POST /note` against a real engine (initialized memory root under a temp HOME) and a real server
 * started the way the tray app starts it: capture routes only, 127.0.0.1, port 0. Requests go
 * through node:http (or a raw socket where node:http refuses to lie about Content-Length).
 * Requirements: issue 4 ("Capture endpoint"); predecessor: spec §8.5 and test_daemon_capture.
 */

let home: TempHome;
let engine: Engine;
let server: RunningServer;
let token: string;
/** The sync folder; the memory root is sync/.claude-memory. */
let sync: string;

const sessionsDir = () => path.join(sync, '.claude-memory', 'sessions');
const DEFAULTS: CaptureSettings = CaptureSettingsSchema.parse({});

async function startCaptureServer(host?: string): Promise<void> {
  server = await startServer({ engine, port: 0, ...(host ? { host } : {}) });
}

/** Stops the engine and server of beforeEach and starts them again with other engine options. */
async function restartWith(overrides: Parameters<typeof createTestEngine>[1]): Promise<void> {
  await server.close();
  await engine.stop();
  engine = createTestEngine(home.home, overrides);
  await engine.start();
  await startCaptureServer();
  token = (await engine.api.captureInfo(undefined)).token;
}

beforeEach(async () => {
  home = await makeTempHome('memsync-capture-');
  engine = createTestEngine(home.home);
  await engine.start();
  sync = path.join(home.home, 'Sync');
  await mkdir(sync);
  await engine.api.initMemoryRoot({ provider: 'custom', syncRoot: sync });
  await startCaptureServer();
  token = (await engine.api.captureInfo(undefined)).token;
});

afterEach(async () => {
  await server.close();
  await engine.stop();
  await home.cleanup();
});

// ── requests ─────────────────────────────────────────────────────────────────

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: Record<string, unknown> | undefined;
}

interface RequestOptions {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** Sent in one piece with an honest Content-Length. */
  body?: string | Buffer;
  /** Sent as chunked transfer encoding, without Content-Length. */
  chunks?: Buffer[];
  /** Where to connect (default: the server's loopback address). */
  host?: string;
  /** The local address to send from. */
  localAddress?: string;
  agent?: http.Agent;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** One request through node:http; a write error after the answer arrived (413 + close) is ignored. */
function send(options: RequestOptions): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    let answered = false;
    const req = http.request(
      {
        host: options.host ?? '127.0.0.1',
        port: server.port,
        path: options.path ?? '/note',
        method: options.method ?? 'POST',
        headers: options.headers ?? {},
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        ...(options.agent ? { agent: options.agent } : { agent: false }),
      },
      (res) => {
        answered = true;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text, json: parseJson(text) }));
        res.on('error', reject);
      },
    );
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (options.chunks) {
      const chunks = [...options.chunks];
      const next = () => {
        const chunk = chunks.shift();
        if (!chunk || answered) req.end();
        else req.write(chunk, () => setImmediate(next));
      };
      next();
    } else {
      req.end(options.body);
    }
  });
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', 'x-memsync-token': token, ...headers },
});

/** Posts a note the usual way (JSON, memsync's token header). */
const postNote = (body: unknown, headers: Record<string, string> = {}, extra: RequestOptions = {}) =>
  send({ ...json(body, headers), ...extra });

/**
 * Bytes on a raw socket (for Content-Length lies node:http will not tell); resolves with what came
 * back once the server closed the connection or `settleMs` passed without more data.
 */
function rawExchange(bytes: Buffer | string, settleMs = 1500): Promise<string> {
  return new Promise<string>((resolve) => {
    const socket = net.connect(server.port, '127.0.0.1');
    let out = '';
    let timer = setTimeout(() => finish(), settleMs);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(out);
    };
    socket.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      clearTimeout(timer);
      timer = setTimeout(finish, 300);
    });
    socket.on('close', finish);
    socket.on('error', () => finish());
    socket.write(bytes);
  });
}

// ── what is stored ───────────────────────────────────────────────────────────

/** Everything in the session log, byte for byte (every day file). */
async function sessionBytes(): Promise<string> {
  const names = (await readdir(sessionsDir()).catch(() => [] as string[])).sort();
  const parts = await Promise.all(names.map((n) => readFile(path.join(sessionsDir(), n), 'utf8')));
  return names.map((n, i) => `${n}\n${parts[i]}`).join('\n');
}

/** Runs `request` and asserts that the session log and the note list did not change. */
async function expectNoWrite(request: () => Promise<Answer>): Promise<Answer> {
  const bytesBefore = await sessionBytes();
  const notesBefore = await engine.api.listNotes({});
  const answer = await request();
  expect(await sessionBytes(), `${answer.status} ${answer.text}`).toBe(bytesBefore);
  expect(await engine.api.listNotes({})).toEqual(notesBefore);
  return answer;
}

/** Asserts a flat memsync error body (`{"error": "…"}`, no nesting) and returns the message. */
function flatError(answer: Answer, status: number, message?: string | RegExp): string {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(answer.json ?? {})).toEqual(['error']);
  const error = answer.json!.error;
  expect(typeof error).toBe('string');
  if (typeof message === 'string') expect(error).toBe(message);
  else if (message) expect(error).toMatch(message);
  expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  return error as string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const localDay = (d = new Date()) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/**
 * The session file read by a parser written here (not the product's): memsync's
 * `\n---\n### HH:MM:SS (captured)\n` boundaries, then our one-line metadata comment.
 */
function parseRaw(content: string): Array<{ time: string; id: string; source: string; text: string }> {
  const parts = content.split(/\n---\n### (\d{2}:\d{2}:\d{2}) \(captured\)\n/);
  const entries: Array<{ time: string; id: string; source: string; text: string }> = [];
  for (let i = 1; i < parts.length; i += 2) {
    const body = parts[i + 1]!;
    const meta = /^<!-- memsync-note id=(\S+) source=(\S+)(?: redacted=\S+)? -->\n/.exec(body);
    expect(meta, `entry without metadata: ${body.slice(0, 80)}`).not.toBeNull();
    expect(body.endsWith('\n')).toBe(true);
    entries.push({ time: parts[i]!, id: meta![1]!, source: meta![2]!, text: body.slice(meta![0].length, -1) });
  }
  return entries;
}

// ── success ──────────────────────────────────────────────────────────────────

describe('POST /note: accepted notes', () => {
  it('stores a JSON note under source http and answers memsync\'s shape with the stored time and id', async () => {
    const before = new Date();
    const answer = await postNote({ text: 'Remember: the staging DB moved to db2' });
    expect(answer.status, answer.text).toBe(200);
    expect(Object.keys(answer.json!).sort()).toEqual(['id', 'ok', 'timestamp']);
    expect(answer.json!.ok).toBe(true);
    expect(answer.json!.timestamp).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();

    const notes = await engine.api.listNotes({});
    expect(notes).toHaveLength(1);
    const note = notes[0]!;
    expect(note).toMatchObject({
      id: answer.json!.id,
      time: answer.json!.timestamp,
      source: 'http',
      text: 'Remember: the staging DB moved to db2',
      redacted: [],
      state: 'unmerged',
    });
    expect(note.day).toBe(localDay(before));

    // sessions/<local date>.md in memsync's format, with our metadata comment as the first line.
    const file = path.join(sessionsDir(), `${localDay(before)}.md`);
    expect(await readFile(file, 'utf8')).toBe(
      `\n---\n### ${note.time} (captured)\n<!-- memsync-note id=${note.id} source=http -->\nRemember: the staging DB moved to db2\n`,
    );
  });

  it('records the client\'s label as http:<source>', async () => {
    const answer = await postNote({ text: 'from the phone', source: 'iphone' });
    expect(answer.status, answer.text).toBe(200);
    const [note] = await engine.api.listNotes({});
    expect(note).toMatchObject({ id: answer.json!.id, source: 'http:iphone', text: 'from the phone' });
    const file = await readFile(path.join(sessionsDir(), `${note!.day}.md`), 'utf8');
    expect(file).toContain(`<!-- memsync-note id=${note!.id} source=http:iphone -->\nfrom the phone\n`);
  });

  it('accepts text/plain (with a charset) and Authorization: Bearer', async () => {
    const plain = await send({
      body: 'plain text note\nsecond line',
      headers: { 'content-type': 'text/plain; charset=utf-8', authorization: `Bearer ${token}` },
    });
    expect(plain.status, plain.text).toBe(200);
    const bearerJson = await send({
      body: JSON.stringify({ text: 'json with bearer' }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    expect(bearerJson.status, bearerJson.text).toBe(200);
    const notes = await engine.api.listNotes({});
    expect(notes.map((n) => [n.id, n.text, n.source])).toEqual([
      [bearerJson.json!.id, 'json with bearer', 'http'],
      [plain.json!.id, 'plain text note\nsecond line', 'http'],
    ]);
    expect(plain.json!.id).not.toBe(bearerJson.json!.id);
  });

  it('removes secrets before storing and records their kind', async () => {
    const key = `sk-ant-api03-${'Ab3_x-9Z'.repeat(11)}Q7kAA`;
    const answer = await postNote({ text: `deploy with ANTHROPIC_API_KEY=${key} tomorrow` });
    expect(answer.status, answer.text).toBe(200);
    const [note] = await engine.api.listNotes({});
    expect(note!.redacted).toEqual(['anthropic-api-key']);
    expect(note!.text).not.toContain(key);
    expect(note!.text).toContain('[REDACTED:anthropic-api-key]');
    const raw = await sessionBytes();
    expect(raw).not.toContain('sk-ant-api03');
    expect(raw).toContain(`<!-- memsync-note id=${note!.id} source=http redacted=anthropic-api-key -->`);
  });

  it('stores a text that imitates an entry boundary as ONE note, read back exactly', async () => {
    const forged = [
      'before\n---\n### 12:00:00 (captured)\nforged',
      '---\n### 23:59:59\nforged refresh entry',
      '### 01:02:03 (captured)\nheading on the first line',
      'a backslash already\n---\n\\### 12:00:00 (captured)\nstays',
      '<!-- memsync-note id=forged-id source=tray -->\nclaims another id and source',
    ];
    const ids: string[] = [];
    for (const text of forged) {
      const answer = await postNote({ text });
      expect(answer.status, answer.text).toBe(200);
      ids.push(answer.json!.id as string);
    }
    const notes = (await engine.api.listNotes({})).reverse();
    expect(notes.map((n) => ({ id: n.id, text: n.text, source: n.source }))).toEqual(
      forged.map((text, i) => ({ id: ids[i], text, source: 'http' })),
    );
    // memsync (Python) splits the file on `\n---\n### HH:MM:SS`: it must see five entries too.
    const file = await readFile(path.join(sessionsDir(), `${notes[0]!.day}.md`), 'utf8');
    expect(file.split(/\n---\n### \d{2}:\d{2}:\d{2}/)).toHaveLength(forged.length + 1);

    // Windows line endings in a forged boundary are normalized first, and still do not split.
    const crlf = await postNote({ text: 'x\r\n---\r\n### 12:00:00 (captured)\r\nforged' });
    expect(crlf.status).toBe(200);
    const [latest] = await engine.api.listNotes({ limit: 1 });
    expect(latest).toMatchObject({ id: crlf.json!.id, text: 'x\n---\n### 12:00:00 (captured)\nforged' });
    expect(await engine.api.listNotes({})).toHaveLength(forged.length + 1);
  });
});

// ── bad input ────────────────────────────────────────────────────────────────

describe('POST /note: bad input never writes', () => {
  it.each([
    ['an empty object', '{}', "missing 'text' field"],
    ['a number as text (memsync answered 500)', '{"text": 5}', "'text' must be a string"],
    ['null as text', '{"text": null}', "'text' must be a string"],
    ['an object as text', '{"text": {"a": 1}}', "'text' must be a string"],
    ['a JSON array', '[{"text": "hi"}]', "missing 'text' field"],
    ['a JSON string', '"hi"', "missing 'text' field"],
    ['JSON null', 'null', "missing 'text' field"],
    ['invalid JSON', '{"text": "unterminated', 'invalid JSON'],
    ['an empty body', '', 'invalid JSON'],
    ['whitespace-only text', '{"text": " \\n\\t  "}', 'empty note'],
    ['an empty string', '{"text": ""}', 'empty note'],
    ['a source with a space', '{"text": "hi", "source": "my phone"}', /'source' must be a short label/],
    ['a source that is not a string', '{"text": "hi", "source": 7}', /'source' must be a short label/],
    ['a source too long', `{"text": "hi", "source": "${'a'.repeat(65)}"}`, /'source' must be a short label/],
    ['a source with a colon (would forge another kind)', '{"text": "hi", "source": "x:tray"}', /'source' must be a short label/],
  ])('400 for %s', async (_name, body, message) => {
    const answer = await expectNoWrite(() =>
      send({ body, headers: { 'content-type': 'application/json', 'x-memsync-token': token } }),
    );
    flatError(answer, 400, message);
  });

  it('400 "empty note" for whitespace-only text/plain', async () => {
    const answer = await expectNoWrite(() =>
      send({ body: '  \r\n\t \n', headers: { 'content-type': 'text/plain', 'x-memsync-token': token } }),
    );
    flatError(answer, 400, 'empty note');
  });

  it.each<[string, () => Record<string, string>]>([
    ['no token', () => ({})],
    ['a wrong token of the same length', () => ({ 'x-memsync-token': token.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')) })],
    ['a wrong token of another length', () => ({ 'x-memsync-token': 'short' })],
    ['the token with one more character', () => ({ 'x-memsync-token': `${token}x` })],
    ['the token with a prefix', () => ({ 'x-memsync-token': `x${token}` })],
    ['an empty token header', () => ({ 'x-memsync-token': '' })],
    ['a Bearer token that is wrong', () => ({ authorization: 'Bearer nope-nope-nope' })],
    ['the token as Basic auth', () => ({ authorization: `Basic ${Buffer.from(`memsync:${token}`).toString('base64')}` })],
  ])('401 for %s', async (_name, headers) => {
    const answer = await expectNoWrite(() =>
      send({ body: JSON.stringify({ text: 'sneaky' }), headers: { 'content-type': 'application/json', ...headers() } }),
    );
    flatError(answer, 401, 'unauthorized');
    expect(answer.headers['www-authenticate']).toBe('Bearer');
  });

  it('415 for a form post and for a body without a content type', async () => {
    const form = await expectNoWrite(() =>
      send({ body: 'text=hello', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-memsync-token': token } }),
    );
    flatError(form, 415);
    const none = await expectNoWrite(() => send({ body: '{"text": "hello"}', headers: { 'x-memsync-token': token } }));
    flatError(none, 415);
    const multipart = await expectNoWrite(() =>
      send({ body: '--b\r\n\r\nhello\r\n--b--', headers: { 'content-type': 'multipart/form-data; boundary=b', 'x-memsync-token': token } }),
    );
    flatError(multipart, 415);
  });

  it('413 for a body over maxBodyBytes with an honest Content-Length, before reading it', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(DEFAULTS.maxBodyBytes) });
    const answer = await expectNoWrite(() => postNote(undefined, {}, { body: big }));
    flatError(answer, 413, /limit 65536 bytes/);
    // Exactly at the limit is still fine.
    const atLimit = 'y'.repeat(DEFAULTS.maxBodyBytes);
    const ok = await send({ body: atLimit, headers: { 'content-type': 'text/plain', 'x-memsync-token': token } });
    expect(ok.status, ok.text).toBe(200);
    const [note] = await engine.api.listNotes({});
    expect(note!.text).toBe(atLimit);
  });

  it('413 for a Content-Length that claims more than the limit, even when little is sent', async () => {
    const bytesBefore = await sessionBytes();
    const out = await rawExchange(
      `POST /note HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: text/plain\r\nX-Memsync-Token: ${token}\r\n` +
        `Content-Length: 1073741824\r\n\r\nshort body`,
    );
    expect(out).toMatch(/^HTTP\/1\.1 413 /);
    expect(out).toMatch(/\r\n\r\n\{"error":"note too large \(limit 65536 bytes\)"\}$/);
    expect(await sessionBytes()).toBe(bytesBefore);
  });

  it('413 for a chunked upload of 100 KB without Content-Length; the server keeps answering', async () => {
    const chunks = Array.from({ length: 25 }, () => Buffer.alloc(4096, 'z'));
    const answer = await expectNoWrite(() =>
      send({ chunks, headers: { 'content-type': 'text/plain', 'x-memsync-token': token } }),
    );
    flatError(answer, 413);
    expect(answer.headers.connection).toBe('close');
    expect((await send({ method: 'GET', path: '/health' })).status).toBe(200);
  });

  it('a Content-Length that understates a JSON body: the connection is refused, nothing is stored', async () => {
    const body = JSON.stringify({ text: 'A'.repeat(100_000) });
    const bytesBefore = await sessionBytes();
    const out = await rawExchange(
      `POST /note HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\nX-Memsync-Token: ${token}\r\n` +
        `Content-Length: 40\r\n\r\n${body}`,
    );
    // The first 40 bytes are not JSON, and the rest is garbage where the next request should start.
    expect(out).toMatch(/^HTTP\/1\.1 400 /);
    expect(out).not.toMatch(/HTTP\/1\.1 200/);
    expect(await sessionBytes()).toBe(bytesBefore);
    expect((await send({ method: 'GET', path: '/health' })).status).toBe(200);
  });

  it('a Content-Length that understates a text/plain body: the client gets 400 and no truncated note is stored', async () => {
    // Node parses the first 40 bytes as the body and dispatches the request; the rest is not a
    // request, so Node's parser answers "400 Bad Request" and closes the socket. Regression: the
    // handler used to store the 40-byte prefix anyway, a truncated note the client believed refused.
    const bytesBefore = await sessionBytes();
    const out = await rawExchange(
      `POST /note HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: text/plain\r\nX-Memsync-Token: ${token}\r\n` +
        `Content-Length: 40\r\n\r\n${'B'.repeat(100_000)}`,
    );
    expect(out).toMatch(/^HTTP\/1\.1 400 /);
    await new Promise((r) => setTimeout(r, 300));
    expect(await sessionBytes()).toBe(bytesBefore);
  });
});

// ── routing ──────────────────────────────────────────────────────────────────

describe('bytes that are not plain UTF-8: one rule for capture and the inbox', () => {
  const inboxNote = async (name: string, bytes: Buffer) => {
    const inbox = path.join(sync, '.claude-memory', 'inbox');
    await mkdir(inbox, { recursive: true });
    await writeFile(path.join(inbox, name), bytes);
    return (await engine.inbox.sweep(inbox))[0]!;
  };
  const captured = async (bytes: Buffer) => {
    const answer = await send({ body: bytes, headers: { 'content-type': 'text/plain', 'x-memsync-token': token } });
    return answer.status === 200 ? (await engine.api.listNotes({})).find((n) => n.id === answer.json!.id)!.text : flatError(answer, 400);
  };

  it('Latin-1 is kept with U+FFFD for what is not UTF-8, UTF-16 with a byte-order mark is read as such, both ways alike', async () => {
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b]); // "café ok" in Latin-1
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Notepad "Unicode": naïve', 'utf16le')]);
    expect(await captured(latin1)).toBe('caf\uFFFD ok');
    expect(await inboxNote('latin1.txt', latin1)).toMatchObject({ result: 'note', reason: expect.stringMatching(/not UTF-8/) });
    expect(await captured(utf16)).toBe('Notepad "Unicode": naïve');
    await inboxNote('utf16.txt', utf16);
    const fromInbox = (await engine.api.listNotes({ source: 'inbox' })).map((n) => n.text).sort();
    expect(fromInbox).toEqual(['Notepad "Unicode": naïve', 'caf\uFFFD ok']);
  });

  it('NUL bytes mean it is not text: refused by both, with the same reason', async () => {
    const binary = Buffer.from([0x61, 0x00, 0x62]);
    const reason = await captured(binary);
    expect(reason).toMatch(/^not text/);
    expect(await inboxNote('binary.md', binary)).toMatchObject({ result: 'rejected', reason });
    const viaJson = await postNote({ text: 'a\u0000b' });
    flatError(viaJson, 400, reason);
    expect(await engine.api.listNotes({})).toEqual([]);
  });
});

describe('routing', () => {
  it('405 with Allow: POST for GET and PUT /note; 404 elsewhere; GET /health is memsync\'s', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const answer = await expectNoWrite(() => send({ method, path: '/note', headers: { 'x-memsync-token': token } }));
      flatError(answer, 405);
      expect(answer.headers.allow).toBe('POST');
    }
    for (const p of ['/notes', '/', '/api/status', '/note/extra']) {
      const answer = await expectNoWrite(() => postNote({ text: 'lost' }, {}, { path: p }));
      expect(answer.status, p).toBe(404);
    }
    // The query string does not change the route.
    const query = await postNote({ text: 'with a query' }, {}, { path: '/note?via=shortcut' });
    expect(query.status).toBe(200);
    const health = await send({ method: 'GET', path: '/health' });
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ ok: true });
  });

  it('refuses a foreign Host (DNS rebinding) with 403 and writes nothing', async () => {
    for (const hostHeader of [`evil.example:${server.port}`, 'evil.example', `127.0.0.1.evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`]) {
      const answer = await expectNoWrite(() => postNote({ text: 'rebound' }, { host: hostHeader }));
      expect(answer.status, hostHeader).toBe(403);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    }
    for (const hostHeader of [`localhost:${server.port}`, `127.0.0.1:${server.port}`]) {
      expect((await postNote({ text: `via ${hostHeader}` }, { host: hostHeader })).status).toBe(200);
    }
  });

  it('/note refused by the Host guard answers memsync\'s flat error shape', async () => {
    // server.ts answers every Host refusal with sendError ({"error": {"code", "message"}}) before
    // routing, so a phone shortcut posting to /note through an unexpected name gets another shape
    // than every other /note answer ({"error": "…"}).
    const answer = await postNote({ text: 'rebound' }, { host: `evil.example:${server.port}` });
    flatError(answer, 403);
  });
});

// ── browsers ─────────────────────────────────────────────────────────────────

describe('browser origins', () => {
  it('refuses any Origin by default with 403 and no CORS headers', async () => {
    for (const origin of ['https://evil.example', `http://127.0.0.1:${server.port}`, 'null']) {
      const post = await expectNoWrite(() => postNote({ text: 'from a page' }, { origin }));
      flatError(post, 403);
      const preflight = await send({
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(preflight.status).toBe(403);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    }
    // OPTIONS without an Origin is just another method.
    const options = await send({ method: 'OPTIONS' });
    expect(options.status).toBe(405);
    expect(options.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a configured origin\'s preflight with that origin only (never *), and accepts its posts', async () => {
    await engine.api.updateSettings({ capture: { ...DEFAULTS, allowedOrigins: ['https://claude.ai'] } });
    const preflight = await send({
      method: 'OPTIONS',
      headers: { origin: 'https://claude.ai', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-memsync-token' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://claude.ai');
    expect(preflight.headers['access-control-allow-methods']).toBe('POST');
    expect(preflight.headers['access-control-allow-headers']).toContain('x-memsync-token');
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();

    const post = await postNote({ text: 'from the bookmarklet' }, { origin: 'https://claude.ai' });
    expect(post.status, post.text).toBe(200);
    expect(post.headers['access-control-allow-origin']).toBe('https://claude.ai');
    expect(post.headers.vary).toBe('Origin');
    expect((await engine.api.listNotes({}))[0]).toMatchObject({ id: post.json!.id, text: 'from the bookmarklet' });

    // The allowed origin still needs the token; its 401 carries ACAO so the page can read it.
    const unauthorized = await expectNoWrite(() =>
      send({ body: '{"text": "no token"}', headers: { 'content-type': 'application/json', origin: 'https://claude.ai' } }),
    );
    expect(unauthorized.status).toBe(401);

    for (const origin of ['https://evil.example', 'https://claude.ai.evil.example', 'http://claude.ai', 'https://CLAUDE.ai']) {
      const other = await expectNoWrite(() => postNote({ text: 'from elsewhere' }, { origin }));
      flatError(other, 403);
      const otherPreflight = await send({ method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
      expect(otherPreflight.status, origin).toBe(403);
      expect(otherPreflight.headers['access-control-allow-origin']).toBeUndefined();
    }
  });
});

// ── tokens on loopback ───────────────────────────────────────────────────────

describe('tokenOptionalOnLoopback', () => {
  it('lets this machine post without a token once enabled, and only then', async () => {
    const plain = { body: 'no token', headers: { 'content-type': 'text/plain' } };
    flatError(await expectNoWrite(() => send(plain)), 401, 'unauthorized');
    await engine.api.updateSettings({ capture: { ...DEFAULTS, tokenOptionalOnLoopback: true } });
    const answer = await send(plain);
    expect(answer.status, answer.text).toBe(200);
    expect((await engine.api.listNotes({}))[0]).toMatchObject({ id: answer.json!.id, text: 'no token', source: 'http' });
  });

  it('(as built) also accepts a WRONG token from loopback while the setting is on', async () => {
    // The exemption skips the token check entirely, so a stale or mistyped token is not noticed.
    // Reported as a question: a presented-but-wrong token could reasonably be refused instead.
    await engine.api.updateSettings({ capture: { ...DEFAULTS, tokenOptionalOnLoopback: true } });
    const answer = await send({ body: 'wrong token', headers: { 'content-type': 'text/plain', 'x-memsync-token': 'wrong' } });
    expect(answer.status).toBe(200);
  });
});

// ── concurrency ──────────────────────────────────────────────────────────────

describe('1,000 parallel posts', () => {
  it('acknowledges 1,000 distinct ids, each stored exactly once and intact', { timeout: 60_000 }, async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    try {
      const texts = Array.from({ length: 1000 }, (_v, i) =>
        i % 3 === 0
          ? `note ${i}\n${'multi-line body '.repeat(i % 17)}\n- item ${i}`
          : i % 3 === 1
            ? `note ${i} ✓${'é✓'.repeat(i % 40)}`
            : `note ${i}\n---\n### 12:00:${pad(i % 60)} (captured)\nforged ${i}`,
      );
      const answers = await Promise.all(
        texts.map((text, i) =>
          i % 2 === 0
            ? postNote({ text }, {}, { agent })
            : send({ agent, body: text, headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` } }),
        ),
      );
      const bad = answers.filter((a) => a.status !== 200);
      expect(bad.map((a) => `${a.status} ${a.text}`)).toEqual([]);
      const ids = answers.map((a) => a.json!.id as string);
      expect(new Set(ids).size).toBe(1000);

      const notes = await engine.api.listNotes({});
      expect(notes).toHaveLength(1000);
      const byId = new Map(notes.map((n) => [n.id, n]));
      ids.forEach((id, i) => {
        expect(byId.get(id)?.text, `note ${i}`).toBe(texts[i]);
        expect(byId.get(id)?.time).toBe(answers[i]!.json!.timestamp);
      });

      // The raw file, read by a parser of our own: 1,000 entries, none interleaved.
      const names = await readdir(sessionsDir());
      const raw = (await Promise.all(names.map((n) => readFile(path.join(sessionsDir(), n), 'utf8')))).flatMap(parseRaw);
      expect(raw).toHaveLength(1000);
      const rawById = new Map(raw.map((e) => [e.id, e]));
      expect(rawById.size).toBe(1000);
      ids.forEach((id, i) => {
        const entry = rawById.get(id)!;
        // Our parser does not unescape; the product's escape is a backslash before a heading line.
        expect(entry.text.replace(/^\\(### \d{2}:\d{2}:\d{2})/gm, '$1'), `raw note ${i}`).toBe(texts[i]);
      });
    } finally {
      agent.destroy();
    }
  });
});

// ── rate limit ───────────────────────────────────────────────────────────────

/** This machine's first non-internal IPv4 address, if it has one. */
const lanAddress = Object.values(networkInterfaces())
  .flatMap((list) => list ?? [])
  .find((i) => i.family === 'IPv4' && !i.internal)?.address;

describe('rate limit (other machines only)', () => {
  it.skipIf(!lanAddress)(
    lanAddress
      ? `answers 429 with Retry-After past the burst from a LAN address (${lanAddress})`
      : 'answers 429 with Retry-After past the burst from a LAN address (skipped: this machine has no non-internal IPv4 address)',
    async () => {
      await server.close();
      await startCaptureServer('0.0.0.0');
      await engine.api.updateSettings({ capture: { ...DEFAULTS, ratePerMinute: 8 } });
      const fromLan = (text: string, headers: Record<string, string> = {}) =>
        postNote({ text }, headers, { host: lanAddress!, localAddress: lanAddress!, headers: { 'content-type': 'application/json', 'x-memsync-token': token, ...headers } });

      // Without the token from the LAN, even with the loopback exemption on: 401, never accepted.
      // (This first request also runs the limiter's once-a-minute sweep; see the sweep test below.)
      await engine.api.updateSettings({ capture: { ...DEFAULTS, ratePerMinute: 1000, tokenOptionalOnLoopback: true } });
      const noToken = await expectNoWrite(() =>
        send({ host: lanAddress!, localAddress: lanAddress!, body: 'lan, no token', headers: { 'content-type': 'text/plain' } }),
      );
      flatError(noToken, 401, 'unauthorized');

      // ratePerMinute 8 → a burst of 2, then 429 with Retry-After (7.5 s per token → at most 8).
      await engine.api.updateSettings({ capture: { ...DEFAULTS, ratePerMinute: 8 } });
      expect((await fromLan('lan 1')).status).toBe(200);
      expect((await fromLan('lan 2')).status).toBe(200);
      for (const n of [3, 4]) {
        const limited = await expectNoWrite(() => fromLan(`lan ${n}`));
        flatError(limited, 429, 'too many requests');
        const retryAfter = Number(limited.headers['retry-after']);
        expect(Number.isInteger(retryAfter)).toBe(true);
        expect(retryAfter).toBeGreaterThanOrEqual(7);
        expect(retryAfter).toBeLessThanOrEqual(8);
      }
      // The token is checked after the limit: a limited client cannot even try tokens.
      const guessing = await expectNoWrite(() => fromLan('lan 5', { 'x-memsync-token': 'guess' }));
      expect(guessing.status).toBe(429);
      // This machine is never limited.
      await engine.api.updateSettings({ capture: { ...DEFAULTS, ratePerMinute: 1 } });
      for (let i = 0; i < 5; i++) expect((await postNote({ text: `loopback ${i}` })).status).toBe(200);
      expect((await engine.api.listNotes({})).map((n) => n.text).filter((t) => t.startsWith('lan'))).toEqual(['lan 2', 'lan 1']);
    },
  );

  /** A limiter whose once-a-minute sweep has just run (see the sweep test below). */
  const warmLimiter = (t0: number) => {
    const limiter = new RateLimiter();
    limiter.take('warm-up', 8, t0);
    return limiter;
  };

  it('RateLimiter: bursts of a quarter of the rate, refill over time, per client, Retry-After in seconds', () => {
    const t0 = 1_000_000;
    const limiter = warmLimiter(t0);
    // 8/min: capacity 2, one token every 7.5 s.
    expect(limiter.take('a', 8, t0)).toBe(true);
    expect(limiter.take('a', 8, t0)).toBe(true);
    expect(limiter.take('a', 8, t0)).toBe(8);
    expect(limiter.take('b', 8, t0)).toBe(true); // another client has its own bucket
    expect(limiter.take('a', 8, t0 + 3_750)).toBe(4); // half a token back: 3.75 s to go
    expect(limiter.take('a', 8, t0 + 7_499)).not.toBe(true);
    expect(limiter.take('a', 8, t0 + 7_500)).toBe(true);
    expect(limiter.take('a', 8, t0 + 7_500)).not.toBe(true);
    // 120/min (the default): 30 at once, then one every 0.5 s (Retry-After rounds up to 1).
    const results = Array.from({ length: 31 }, () => limiter.take('c', 120, t0));
    expect(results.slice(0, 30).every((r) => r === true)).toBe(true);
    expect(results[30]).toBe(1);
    expect(limiter.take('c', 120, t0 + 500)).toBe(true);
    // 1/min: capacity 1, Retry-After 60.
    expect(limiter.take('d', 1, t0)).toBe(true);
    expect(limiter.take('d', 1, t0)).toBe(60);
  });

  it('RateLimiter: an idle client gets its burst back, never more than the burst', () => {
    const t0 = 2_000_000;
    const limiter = warmLimiter(t0);
    for (let i = 0; i < 2; i++) expect(limiter.take('a', 8, t0)).toBe(true);
    expect(limiter.take('a', 8, t0)).not.toBe(true);
    // 59 s later (no sweep yet): 7.9 tokens earned, but the bucket holds only 2.
    expect(limiter.take('a', 8, t0 + 59_000)).toBe(true);
    expect(limiter.take('a', 8, t0 + 59_000)).toBe(true);
    expect(limiter.take('a', 8, t0 + 59_000)).not.toBe(true);
  });

  it('the once-a-minute sweep never gives a burst one request more', () => {
    // Regression: take() used to store the (full) bucket, sweep it away, then charge the deleted
    // object, so the first request after each sweep was free (3 instead of 2 at 8/min).
    const limiter = new RateLimiter();
    const t0 = 3_000_000;
    expect(limiter.take('a', 8, t0)).toBe(true);
    expect(limiter.take('a', 8, t0)).toBe(true);
    expect(limiter.take('a', 8, t0)).not.toBe(true);
  });

  it('after a minute of quiet, a client that was limited gets exactly its capacity again', () => {
    const t0 = 4_000_000;
    const limiter = warmLimiter(t0);
    for (let i = 0; i < 2; i++) limiter.take('a', 8, t0);
    const later = t0 + 61_000; // the next sweep runs on this request
    const answers = [limiter.take('a', 8, later), limiter.take('a', 8, later), limiter.take('a', 8, later)];
    expect(answers).toEqual([true, true, 8]);
  });
});

// ── memory root unavailable ──────────────────────────────────────────────────

describe('memory root unavailable', () => {
  const waitUntilNoticed = async () => {
    for (let i = 0; i < 200 && typeof engine.memory.usableRoot() === 'string'; i++) await new Promise((r) => setTimeout(r, 50));
  };

  it('answers 503 with a sentence once the engine knows, and keeps answering /health', async () => {
    await restartWith({ rootCheckMs: 100 });
    await rename(sync, `${sync}-gone`);
    await waitUntilNoticed();
    expect(typeof engine.memory.usableRoot()).not.toBe('string');
    const answer = await postNote({ text: 'nowhere to go' });
    const message = flatError(answer, 503);
    expect(message).toMatch(/^[A-Z].{10,}\.$/);
    expect(message).toContain(sync);
    expect(existsSync(sync)).toBe(false);
    expect((await send({ method: 'GET', path: '/health' })).json).toEqual({ ok: true });
    // Back again: notes are accepted again.
    await rename(`${sync}-gone`, sync);
    for (let i = 0; i < 200 && typeof engine.memory.usableRoot() !== 'string'; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await postNote({ text: 'back' })).status).toBe(200);
  });

  it('a note posted right after the sync folder vanished gets 503 and the folder is not recreated', async () => {
    // Regression: NotesLog.#write used mkdir(sessions, { recursive: true }) on the root resolved at
    // the last check, so a post in between rebuilt <sync>/.claude-memory/sessions where the drive
    // used to be, and answered 200.
    await rename(sync, `${sync}-gone`);
    const answer = await postNote({ text: 'posted while the drive is gone' });
    expect(existsSync(sync)).toBe(false);
    expect(answer.status).toBe(503);
  });
});
