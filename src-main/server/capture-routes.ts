import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../../src-shared/contract/errors';
import { decodeNoteBytes, describeFsError, type Engine } from '../engine';
import { readBody, sendJson } from './http-utils';
import { isLoopbackAddress, type RateLimiter } from './rate-limit';
import { presentedToken, tokenMatches } from './security';

/** memsync's answer shape for the capture route: `{"error": "..."}`, flat (not the UI API's). */
export function reply(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}) {
  sendJson(res, status, body, headers);
}

const CLIENT_LABEL = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The note text and the client's label from a JSON or text/plain body; an error answer otherwise.
 * Bytes become text by the inbox's rule (decodeNoteBytes): not-UTF-8 bytes become U+FFFD.
 */
function parseNoteBody(contentType: string, body: Buffer): { text: string; label?: string } | { status: number; error: string } {
  if (contentType !== 'text/plain' && contentType !== 'application/json') return { status: 415, error: 'send the note as application/json or text/plain' };
  const decoded = decodeNoteBytes(body);
  if ('error' in decoded) return { status: 400, error: decoded.error };
  if (contentType === 'text/plain') return { text: decoded.text };
  let json: unknown;
  try {
    json = JSON.parse(decoded.text);
  } catch {
    return { status: 400, error: 'invalid JSON' };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json) || !('text' in json)) return { status: 400, error: "missing 'text' field" };
  const { text, source } = json as { text: unknown; source?: unknown };
  if (typeof text !== 'string') return { status: 400, error: "'text' must be a string" };
  if (source !== undefined && (typeof source !== 'string' || !CLIENT_LABEL.test(source))) {
    return { status: 400, error: "'source' must be a short label (letters, digits, . _ -)" };
  }
  return source === undefined ? { text } : { text, label: source };
}

/**
 * `POST /note` for phones, scripts and bookmarklets. Answers like memsync's endpoint (200
 * `{"ok": true, "timestamp": "HH:MM:SS", "id": …}`, flat `{"error": …}` otherwise) but with the
 * defaults memsync lacked: the capture token is always required (this machine may be exempted by
 * a setting), bodies are limited, other machines are rate-limited, browser origins are refused
 * unless configured, and the answer is sent only once the note is on disk.
 */
export async function handleNote(engine: Engine, limiter: RateLimiter, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const settings = engine.settings.get().capture;
  const origin = req.headers.origin;
  const corsOrigin = origin !== undefined && settings.allowedOrigins.includes(origin) ? origin : undefined;
  if (origin !== undefined && !corsOrigin) {
    reply(res, 403, { error: 'requests from web pages are refused (allow the origin in capture settings)' });
    return;
  }
  const cors: Record<string, string> = corsOrigin ? { 'access-control-allow-origin': corsOrigin, vary: 'Origin' } : {};
  if (req.method === 'OPTIONS' && corsOrigin) {
    res.writeHead(204, {
      ...cors,
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type, authorization, x-memsync-token',
      'access-control-max-age': '600',
    });
    res.end();
    return;
  }
  if (req.method !== 'POST') {
    reply(res, 405, { error: 'method not allowed' }, { allow: 'POST', ...cors });
    return;
  }
  const loopback = isLoopbackAddress(req.socket.remoteAddress);
  if (!loopback) {
    const allowed = limiter.take(req.socket.remoteAddress ?? 'unknown', settings.ratePerMinute);
    if (allowed !== true) {
      reply(res, 429, { error: 'too many requests' }, { 'retry-after': String(allowed), ...cors });
      return;
    }
  }
  const exempt = loopback && settings.tokenOptionalOnLoopback;
  if (!exempt && !tokenMatches(presentedToken(req.headers), await engine.notes.captureToken())) {
    reply(res, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer', ...cors });
    return;
  }
  let body: Buffer;
  try {
    body = await readBody(req, settings.maxBodyBytes);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'too_large') {
      reply(res, 413, { error: `note too large (limit ${settings.maxBodyBytes} bytes)` }, { connection: 'close', ...cors });
      return;
    }
    throw error;
  }
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const parsed = parseNoteBody(contentType, body);
  if ('error' in parsed) {
    reply(res, parsed.status, { error: parsed.error }, cors);
    return;
  }
  if (parsed.text.trim() === '') {
    reply(res, 400, { error: 'empty note' }, cors);
    return;
  }
  // A client that broke its own request (Node answered its extra bytes with 400 and closed the
  // connection) never sees our answer: do not store a note it will believe was refused.
  if (req.socket.destroyed) return;
  try {
    // Counted as work in flight: quitting waits for the note to be stored.
    const note = await engine.track(() => engine.notes.add({ text: parsed.text, source: parsed.label ? `http:${parsed.label}` : 'http' }));
    reply(res, 200, { ok: true, timestamp: note.time, id: note.id }, cors);
  } catch (caught) {
    const error = describeFsError(caught) ?? caught;
    if (error instanceof ApiError && error.code === 'unavailable') {
      reply(res, 503, { error: error.message }, cors);
      return;
    }
    if (error instanceof ApiError && error.code === 'invalid_input') {
      reply(res, 400, { error: error.message }, cors);
      return;
    }
    throw error;
  }
}
