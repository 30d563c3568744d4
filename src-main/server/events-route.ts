import type { ServerResponse } from 'node:http';
import { formatSse } from '../../src-shared/sse';
import type { Engine } from '../engine';
import { BASE_HEADERS } from './http-utils';

const HEARTBEAT_MS = 15_000;

/**
 * `GET /api/events`: engine events as server-sent events. The current status is sent first, so
 * a (re)connecting UI is up to date at once; a comment line every 15 s keeps proxies from closing
 * an idle stream. Returns a function that ends the stream (used on shutdown).
 */
export function openEventStream(engine: Engine, res: ServerResponse): () => void {
  res.writeHead(200, {
    ...BASE_HEADERS,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  let seq = 0;
  const send = (type: string, data: unknown) => {
    res.write(formatSse(type, JSON.stringify(data), String(++seq)));
  };
  send('status', { type: 'status', status: engine.status() });
  const off = engine.onEvent((event) => send(event.type, event));
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    off();
    res.end();
  };
  res.on('close', end);
  return end;
}
