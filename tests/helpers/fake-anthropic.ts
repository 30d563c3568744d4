/**
 * A fake Anthropic Messages API on 127.0.0.1 for tests that drive the REAL `@anthropic-ai/sdk`
 * (never a mocked SDK). Point the client at it explicitly:
 *
 *   const fake = await startFakeAnthropic();
 *   const client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: fake.url, maxRetries: 1, timeout: 500 });
 *   fake.enqueue(reply.text('# Memory\n'), faults.rateLimited(0));
 *   ...
 *   await fake.close();
 *
 * Wire shapes follow shared/spec/toolchain-notes.md §6: `POST /v1/messages` answers JSON, or SSE
 * (message_start, content_block_start, ping, N × content_block_delta, content_block_stop,
 * message_delta, message_stop) when the body has `"stream": true`. Errors are
 * `{"type":"error","error":{"type","message"}}`.
 *
 * Replies are consumed in order, one per `/v1/messages` request that passes the key check (so
 * every SDK retry consumes one); when the queue is empty the fallback answers.
 *
 * Content-level faults (a memory that lost a constraint, a reply that shrank the memory, …) are
 * ordinary text replies: build the text in the test and send `reply.text(thatText)`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence';

export type FakeReply =
  | {
      kind: 'text';
      text: string;
      stopReason?: StopReason;
      /** Default: the request's first `stop_sequences` entry when stopReason is 'stop_sequence'. */
      stopSequence?: string;
      /** Default: a rough estimate from the request body (≈ chars / 4). */
      inputTokens?: number;
      /** Default: the request's max_tokens for 'max_tokens', else ≈ text chars / 4 (at least 1). */
      outputTokens?: number;
      cacheReadInputTokens?: number;
      cacheCreationInputTokens?: number;
    }
  | {
      kind: 'error';
      status: number;
      /** e.g. rate_limit_error, api_error, overloaded_error, authentication_error */
      type: string;
      message?: string;
      /** Sent as the `retry-after` header (seconds, as the SDK parses it; "0.01" = 10 ms). */
      retryAfter?: string;
      /** Sent as `x-should-retry`, which the SDK obeys over its status-code rules. */
      shouldRetry?: boolean;
    }
  /** Accept the request and answer nothing for `ms`, then close the socket. */
  | { kind: 'hang'; ms: number }
  /**
   * A 200 whose headers arrive at once and whose body trickles: `bytes` bytes every `everyMs`
   * (a slow proxy, a stalled connection). A client timeout that stops at the headers never ends.
   */
  | { kind: 'trickle'; text: string; everyMs: number; bytes: number }
  /** Destroy the socket without answering (a network error for the client). */
  | { kind: 'drop' }
  /** A 200 whose body is not a Messages response. Content type defaults to application/json. */
  | { kind: 'garbage'; body: string; contentType?: string };

export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Parsed JSON; the raw text when the body is not JSON; undefined when empty. */
  body: unknown;
  stream: boolean;
  /** From `authorization: Bearer <k>` (SDK 1.x) or `x-api-key` (SDK 0.x). */
  apiKey: string | undefined;
}

export interface FakeAnthropic {
  /** Base URL for the SDK's `baseURL` (no /v1). */
  url: string;
  /** Every request, in arrival order, including retries and rejected ones. */
  requests: RecordedRequest[];
  /** Replies are consumed in order; when the queue is empty, `fallback` answers (default: a 500 error saying "no reply queued" so a test notices). */
  enqueue(...replies: FakeReply[]): void;
  setFallback(reply: FakeReply | ((req: RecordedRequest) => FakeReply)): void;
  /** How many enqueued replies have not been used yet. */
  pending(): number;
  /** Resolves once `count` requests have arrived (an event, not a poll). */
  received(count: number): Promise<void>;
  /** Ends hanging requests and every socket, then stops listening. */
  close(): Promise<void>;
}

export const NO_REPLY_QUEUED = 'fake-anthropic: no reply queued';

/** Plain replies. */
export const reply = {
  /** A successful text reply; any content-level fault is just a text the test builds. */
  text: (text: string, extra: Omit<Extract<FakeReply, { kind: 'text' }>, 'kind' | 'text'> = {}): FakeReply => ({
    kind: 'text',
    text,
    ...extra,
  }),
  error: (status: number, type: string, message?: string, retryAfter?: string): FakeReply => ({
    kind: 'error',
    status,
    type,
    ...(message === undefined ? {} : { message }),
    ...(retryAfter === undefined ? {} : { retryAfter }),
  }),
};

interface ErrorOptions {
  /** `retry-after` header in seconds; the SDK treats 0 (or none) as "use my own back-off" (~0.5 s, doubling). */
  retryAfter?: number;
}

const retryAfterOf = (options: ErrorOptions): { retryAfter?: string } =>
  options.retryAfter === undefined ? {} : { retryAfter: String(options.retryAfter) };

/** The product's fault modes, as replies. */
export const faults = {
  /** 429 rate_limit_error with `retry-after: <seconds>` (retried by the SDK). */
  rateLimited: (retryAfterSeconds = 0): FakeReply => ({
    kind: 'error',
    status: 429,
    type: 'rate_limit_error',
    message: 'Number of request tokens has exceeded your per-minute rate limit',
    retryAfter: String(retryAfterSeconds),
  }),
  /** 500 api_error (retried by the SDK). */
  serverError: (options: ErrorOptions = {}): FakeReply => ({
    kind: 'error',
    status: 500,
    type: 'api_error',
    message: 'Internal server error',
    ...retryAfterOf(options),
  }),
  /** 529 overloaded_error (retried by the SDK). */
  overloaded: (options: ErrorOptions = {}): FakeReply => ({
    kind: 'error',
    status: 529,
    type: 'overloaded_error',
    message: 'Overloaded',
    ...retryAfterOf(options),
  }),
  /** 401 authentication_error (not retried). */
  unauthorized: (): FakeReply => ({ kind: 'error', status: 401, type: 'authentication_error', message: 'invalid x-api-key' }),
  /** 400 invalid_request_error (not retried). */
  badRequest: (message = 'prompt is too long'): FakeReply => ({
    kind: 'error',
    status: 400,
    type: 'invalid_request_error',
    message,
  }),
  /** Answers nothing for `ms`, then closes: slower than the client's timeout. */
  slow: (ms: number): FakeReply => ({ kind: 'hang', ms }),
  /** The socket is destroyed without an answer. */
  dropped: (): FakeReply => ({ kind: 'drop' }),
  /** A good answer whose body arrives `bytes` bytes every `everyMs` ms. */
  trickle: (text: string, everyMs = 100, bytes = 8): FakeReply => ({ kind: 'trickle', text, everyMs, bytes }),
  /** Output cut off at max_tokens: the partial text with stop_reason "max_tokens". */
  maxTokens: (partialText: string): FakeReply => ({ kind: 'text', text: partialText, stopReason: 'max_tokens' }),
  /** The model chatted before the document. */
  preamble: (text: string): FakeReply => ({ kind: 'text', text: `Sure! Here is the updated memory:\n\n${text}` }),
  /** The document wrapped in a ```markdown fence. */
  fenced: (text: string): FakeReply => ({ kind: 'text', text: `\`\`\`markdown\n${text}\n\`\`\`\n` }),
  /** A text reply that is no memory document at all (a refusal). */
  garbage: (text = 'I cannot help with that.'): FakeReply => ({ kind: 'text', text }),
  /** A 200 whose body is not a Messages response (default: JSON of the wrong shape). */
  malformed: (body = '{"hello":"world"}', contentType = 'application/json'): FakeReply => ({
    kind: 'garbage',
    body,
    contentType,
  }),
};

const STREAM_CHUNK_CHARS = 16;

function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function apiKeyOf(headers: Record<string, string>): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers['authorization'] ?? '');
  if (bearer) return bearer[1]!.trim();
  return headers['x-api-key'];
}

function parseBody(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

function sendError(res: ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}) {
  const payload = JSON.stringify({ type: 'error', error: { type, message } });
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(payload);
}

function chunksOf(text: string): string[] {
  const chars = Array.from(text); // never split a surrogate pair
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += STREAM_CHUNK_CHARS) out.push(chars.slice(i, i + STREAM_CHUNK_CHARS).join(''));
  return out;
}

/** Writes a body at once, or in slices over time when `pace` is given (the timers go into `timers`). */
function bodyWriter(res: ServerResponse, pace: { everyMs: number; bytes: number; timers: Set<NodeJS.Timeout> } | undefined) {
  if (!pace) return { write: (text: string) => void res.write(text), end: () => void res.end() };
  let pending = Buffer.alloc(0);
  let ended = false;
  const tick = () => {
    const timer = setTimeout(() => {
      pace.timers.delete(timer);
      if (res.destroyed) return;
      res.write(pending.subarray(0, pace.bytes));
      pending = pending.subarray(pace.bytes);
      if (pending.length > 0) tick();
      else if (ended) res.end();
    }, pace.everyMs);
    pace.timers.add(timer);
  };
  return {
    write: (text: string) => {
      if (!res.headersSent) res.flushHeaders(); // the headers at once, the body slowly
      const idle = pending.length === 0;
      pending = Buffer.concat([pending, Buffer.from(text)]);
      if (idle) tick();
    },
    end: () => {
      ended = true;
      if (pending.length === 0) res.end();
    },
  };
}

function sendText(
  res: ServerResponse,
  r: Extract<FakeReply, { kind: 'text' }>,
  req: RecordedRequest,
  id: string,
  pace?: { everyMs: number; bytes: number; timers: Set<NodeJS.Timeout> },
) {
  const model = field(req.body, 'model');
  const maxTokens = field(req.body, 'max_tokens');
  const stopSequences = field(req.body, 'stop_sequences');
  const stopReason = r.stopReason ?? 'end_turn';
  const stopSequence =
    stopReason === 'stop_sequence'
      ? (r.stopSequence ?? (Array.isArray(stopSequences) && typeof stopSequences[0] === 'string' ? stopSequences[0] : null))
      : null;
  const inputTokens = r.inputTokens ?? Math.max(1, Math.ceil(JSON.stringify(req.body ?? '').length / 4));
  const outputTokens =
    r.outputTokens ??
    (stopReason === 'max_tokens' && typeof maxTokens === 'number' ? maxTokens : Math.max(1, Math.ceil(r.text.length / 4)));
  const usage = {
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    cache_creation_input_tokens: r.cacheCreationInputTokens ?? 0,
    cache_read_input_tokens: r.cacheReadInputTokens ?? 0,
  };
  const message = {
    id,
    type: 'message',
    role: 'assistant',
    model: typeof model === 'string' ? model : 'claude-fake',
    content: [{ type: 'text', text: r.text }],
    stop_reason: stopReason,
    stop_sequence: stopSequence,
    usage,
  };
  const headers = { 'request-id': id.replace(/^msg_/, 'req_') };
  const body = bodyWriter(res, pace);
  if (!req.stream) {
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    body.write(JSON.stringify(message));
    body.end();
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
  const frame = (type: string, data: Record<string, unknown>) => body.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  frame('message_start', {
    message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
  });
  frame('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
  frame('ping', {});
  for (const chunk of chunksOf(r.text)) frame('content_block_delta', { index: 0, delta: { type: 'text_delta', text: chunk } });
  frame('content_block_stop', { index: 0 });
  frame('message_delta', {
    delta: { stop_reason: stopReason, stop_sequence: stopSequence },
    usage: { output_tokens: outputTokens },
  });
  frame('message_stop', {});
  body.end();
}

export async function startFakeAnthropic(options: { requireApiKey?: string } = {}): Promise<FakeAnthropic> {
  const requests: RecordedRequest[] = [];
  const arrivals: Array<{ count: number; resolve: () => void }> = [];
  const queue: FakeReply[] = [];
  let fallback: FakeReply | ((req: RecordedRequest) => FakeReply) = {
    kind: 'error',
    status: 500,
    type: 'api_error',
    message: NO_REPLY_QUEUED,
  };
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let messageCount = 0;

  const answer = (res: ServerResponse, r: FakeReply, recorded: RecordedRequest) => {
    switch (r.kind) {
      case 'text':
        messageCount += 1;
        sendText(res, r, recorded, `msg_fake_${String(messageCount).padStart(2, '0')}`);
        return;
      case 'error': {
        const headers: Record<string, string> = {};
        if (r.retryAfter !== undefined) headers['retry-after'] = r.retryAfter;
        if (r.shouldRetry !== undefined) headers['x-should-retry'] = String(r.shouldRetry);
        sendError(res, r.status, r.type, r.message ?? `fake ${r.type}`, headers);
        return;
      }
      case 'hang': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          res.socket?.destroy();
        }, r.ms);
        timers.add(timer);
        res.on('close', () => {
          clearTimeout(timer);
          timers.delete(timer);
        });
        return;
      }
      case 'drop':
        res.socket?.destroy();
        return;
      case 'trickle':
        messageCount += 1;
        sendText(res, { kind: 'text', text: r.text }, recorded, `msg_fake_${String(messageCount).padStart(2, '0')}`, { everyMs: r.everyMs, bytes: r.bytes, timers });
        return;
      case 'garbage':
        res.writeHead(200, { 'content-type': r.contentType ?? 'application/json' });
        res.end(r.body);
        return;
    }
  };

  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () => {
      const headers = headerRecord(req);
      const body = parseBody(Buffer.concat(parts).toString('utf8'));
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path,
        headers,
        body,
        stream: field(body, 'stream') === true,
        apiKey: apiKeyOf(headers),
      };
      requests.push(recorded);
      for (const a of arrivals.filter((w) => requests.length >= w.count)) a.resolve();

      if (req.method !== 'POST' || path !== '/v1/messages') {
        sendError(res, 404, 'not_found_error', `fake-anthropic: no route for ${recorded.method} ${path}`);
        return;
      }
      if (options.requireApiKey !== undefined && recorded.apiKey !== options.requireApiKey) {
        sendError(res, 401, 'authentication_error', 'invalid x-api-key');
        return;
      }
      if (typeof body !== 'object' || body === null) {
        sendError(res, 400, 'invalid_request_error', 'fake-anthropic: request body is not a JSON object');
        return;
      }
      const next = queue.shift() ?? (typeof fallback === 'function' ? fallback(recorded) : fallback);
      answer(res, next, recorded);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    received: (count) => (requests.length >= count ? Promise.resolve() : new Promise((resolve) => arrivals.push({ count, resolve }))),
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    setFallback: (r) => {
      fallback = r;
    },
    pending: () => queue.length,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
