import { utimes, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../../src-shared/client';
import { ApiError } from '../../../src-shared/contract';
import { CONTENT_SECURITY_POLICY } from '../../../src-shared/csp';
import { createHttpTransport } from '../../../src-shared/transport-http';
import { startServer } from '../../../src-main/server';
import { startInProcessHost, type InProcessHost } from '../../helpers/in-process-host';
import { repoRoot } from '../../helpers/repo';

let host: InProcessHost;
beforeEach(async () => {
  host = await startInProcessHost();
});
afterEach(() => host.close());

/** A raw request (fetch cannot set Host or send a lying Content-Length, and it decompresses). */
function raw(options: { path: string; method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string; bytes: Buffer }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.server.port, path: options.path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          resolve({ status: res.statusCode!, headers: res.headers, body: bytes.toString(), bytes });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const auth = () => ({ authorization: `Bearer ${host.token}` });

describe('health', () => {
  it('answers 200 {"ok": true} like memsync', async () => {
    const res = await fetch(`${host.server.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${host.server.url}/health`, { method: 'POST' })).status).toBe(405);
  });

  it('binds loopback by default', () => {
    expect(host.server.host).toBe('127.0.0.1');
  });
});

describe('the UI API', () => {
  it('answers the shared contract through the validating client', async () => {
    const client = createClient(createHttpTransport({ baseUrl: host.server.url, token: host.token }));
    const status = await client.api.status();
    expect(status.state).toBe('running');
    expect(status.host).toBe('headless');
  });

  it('requires the token', async () => {
    const client = createClient(createHttpTransport({ baseUrl: host.server.url, token: 'wrong' }));
    await expect(client.api.status()).rejects.toMatchObject({ code: 'unauthorized' });
    const res = await fetch(`${host.server.url}/api/status`, { method: 'POST' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses other Hosts (DNS rebinding) and other sites\' Origins', async () => {
    expect((await raw({ path: '/api/status', method: 'POST', headers: { ...auth(), host: 'evil.example' } })).status).toBe(403);
    expect((await raw({ path: '/health', headers: { host: 'evil.example' } })).status).toBe(403);
    const cross = await fetch(`${host.server.url}/api/status`, {
      method: 'POST',
      headers: { ...auth(), origin: 'http://evil.example' },
    });
    expect(cross.status).toBe(403);
    expect(cross.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('accepts a name this machine is reached by once it is in the settings (no restart), never another', async () => {
    const health = (name: string) => raw({ path: '/health', headers: { host: `${name}:${host.server.port}` } }).then((r) => r.status);
    expect(await health('pi.local')).toBe(403);
    const settings = host.engine.settings.get();
    await host.engine.api.updateSettings({ capture: { ...settings.capture, hostNames: ['pi.local'] } });
    expect(await health('pi.local')).toBe(200);
    expect(await health('PI.local')).toBe(200);
    expect(await health('evil.example')).toBe(403);
    // A name that is not a host name is refused by the settings, with the reason.
    await expect(host.engine.api.updateSettings({ capture: { ...settings.capture, hostNames: ['http://pi.local:5001'] } })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/host name like pi\.local/),
    });
  });

  it('gives bad input a clear 4xx, never a 500', async () => {
    const call = (init: RequestInit, method = 'status') =>
      fetch(`${host.server.url}/api/${method}`, { method: 'POST', ...init, headers: { ...auth(), ...(init.headers as object) } });
    const cases: Array<[Promise<Response>, number, string]> = [
      [call({}, 'nope'), 404, 'not_found'],
      [call({ body: '{', headers: { 'content-type': 'application/json' } }), 400, 'invalid_input'],
      [call({ body: '{"a":1}', headers: { 'content-type': 'application/json' } }), 400, 'invalid_input'],
      [call({ body: 'hello', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type'],
      [fetch(`${host.server.url}/api/status`, { headers: auth() }), 405, 'method_not_allowed'],
    ];
    for (const [pending, status, code] of cases) {
      const res = await pending;
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
  });

  it('refuses a body over the limit before reading it', async () => {
    const res = await raw({
      path: '/api/status',
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) },
      body: '',
    });
    expect(res.status).toBe(413);
    expect(res.body).toContain('too_large');
  });
});

describe('the event stream', () => {
  it('sends the current status at once and every engine event after', async () => {
    const client = createClient(createHttpTransport({ baseUrl: host.server.url, token: host.token }));
    const states: string[] = [];
    let reached: (() => void) | undefined;
    const seen = (n: number) => new Promise<void>((resolve) => (states.length >= n ? resolve() : (reached = () => states.length >= n && resolve())));
    const stop = client.onEvent((event) => {
      if (event.type === 'status') states.push(event.status.state);
      reached?.();
    });
    await seen(1);
    expect(states).toEqual(['running']);
    await host.engine.stop();
    await seen(3);
    expect(states).toEqual(['running', 'stopping', 'stopped']);
    stop();
  });

  it('is refused without the token', async () => {
    expect((await fetch(`${host.server.url}/api/events`)).status).toBe(401);
  });
});

describe('static UI', () => {
  it('serves pages with the CSP and hashed assets as immutable', async () => {
    const page = await fetch(`${host.server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const asset = await fetch(`${host.server.url}/assets/app-1234.js`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('sends the build’s brotli or gzip copy to a browser that takes it, the file itself otherwise', async () => {
    const script = `${'export const memory = "one memory for every agent";\n'.repeat(200)}`;
    await writeFile(path.join(host.rendererDir, 'assets', 'main-abcd.js'), script);
    const { precompress } = (await import(path.join(repoRoot, 'scripts', 'precompress.mjs'))) as { precompress: (dir: string) => Promise<unknown> };
    await precompress(host.rendererDir);

    const br = await raw({ path: '/assets/main-abcd.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('accept-encoding');
    expect(Number(br.headers['content-length'])).toBe(br.bytes.length);
    expect(br.bytes.length).toBeLessThan(script.length / 10);
    expect(brotliDecompressSync(br.bytes).toString()).toBe(script);

    const gz = await raw({ path: '/assets/main-abcd.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.bytes).toString()).toBe(script);

    const plain = await raw({ path: '/assets/main-abcd.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.bytes.toString()).toBe(script);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('never sends a compressed copy older than its file (a rebuild in place)', async () => {
    const file = path.join(host.rendererDir, 'assets', 'main-abcd.js');
    await writeFile(file, 'old '.repeat(1000));
    const { precompress } = (await import(path.join(repoRoot, 'scripts', 'precompress.mjs'))) as { precompress: (dir: string) => Promise<unknown> };
    await precompress(host.rendererDir);
    await writeFile(file, 'new '.repeat(1000));
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    const res = await raw({ path: '/assets/main-abcd.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.bytes.toString()).toBe('new '.repeat(1000));
  });

  it('revalidates pages with their ETag: 304 while unchanged, the new page after a rebuild', async () => {
    const first = await raw({ path: '/', headers: { 'accept-encoding': 'br' } });
    expect(first.headers['cache-control']).toBe('no-cache');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    const again = await raw({ path: '/', headers: { 'accept-encoding': 'br', 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);

    await writeFile(path.join(host.rendererDir, 'index.html'), '<!doctype html><title>rebuilt</title>');
    const rebuilt = await raw({ path: '/', headers: { 'accept-encoding': 'br', 'if-none-match': etag } });
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.body).toContain('rebuilt');
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/.vite/manifest.json', '/%00']) {
      const res = await raw({ path });
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('outside the renderer');
    }
  });
});

describe('capture-only mode (the tray app)', () => {
  it('serves health but neither the UI nor its API', async () => {
    const bare = await startServer({ engine: host.engine, port: 0 });
    try {
      expect((await fetch(`${bare.url}/health`)).status).toBe(200);
      expect((await fetch(`${bare.url}/`)).status).toBe(404);
      expect((await fetch(`${bare.url}/api/status`, { method: 'POST', headers: auth() })).status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});

describe('listening', () => {
  it('explains a port that is taken', async () => {
    await expect(startServer({ engine: host.engine, port: host.server.port })).rejects.toThrow(
      `Port ${host.server.port} on 127.0.0.1 is already in use`,
    );
  });
});

it('ApiError carries code and message', () => {
  expect(new ApiError('conflict', 'changed').toBody()).toEqual({ code: 'conflict', message: 'changed' });
});
