// Proves tests/helpers/fake-anthropic.ts against the REAL @anthropic-ai/sdk (no mocks): what the
// SDK sends, what it makes of each reply, and how it retries each fault.
import Anthropic, { type APIConnectionError, type APIError } from '@anthropic-ai/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { faults, NO_REPLY_QUEUED, reply, startFakeAnthropic, type FakeAnthropic } from '../../helpers/fake-anthropic';

const MODEL = 'claude-fake-model-1';
const PARAMS = {
  model: MODEL,
  max_tokens: 64,
  system: 'be brief',
  messages: [{ role: 'user' as const, content: 'hi' }],
};

let fake: FakeAnthropic;

function client(options: { maxRetries?: number; timeout?: number; apiKey?: string } = {}) {
  return new Anthropic({
    apiKey: options.apiKey ?? 'sk-ant-test',
    baseURL: fake.url,
    maxRetries: options.maxRetries ?? 0,
    timeout: options.timeout ?? 2_000,
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

const retryCounts = () => fake.requests.map((r) => r.headers['x-stainless-retry-count']);
const textOf = (message: Anthropic.Message) =>
  message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');

beforeEach(async () => {
  fake = await startFakeAnthropic();
});
afterEach(async () => {
  await fake.close();
});

describe('successful replies', () => {
  it('round-trips a JSON text reply with usage (cache fields too) and records what the SDK sent', async () => {
    fake.enqueue(
      reply.text('# Memory\n\n- use pnpm\n', {
        inputTokens: 120,
        outputTokens: 9,
        cacheReadInputTokens: 100,
        cacheCreationInputTokens: 7,
      }),
    );
    const message = await client().messages.create(PARAMS);

    expect(message.type).toBe('message');
    expect(message.role).toBe('assistant');
    expect(message.model).toBe(MODEL);
    expect(message.id).toMatch(/^msg_fake_/);
    expect(message.content).toEqual([{ type: 'text', text: '# Memory\n\n- use pnpm\n' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.stop_sequence).toBeNull();
    expect(message.usage).toMatchObject({
      input_tokens: 120,
      output_tokens: 9,
      cache_read_input_tokens: 100,
      cache_creation_input_tokens: 7,
    });

    expect(fake.requests).toHaveLength(1);
    const [sent] = fake.requests;
    expect(sent).toMatchObject({ method: 'POST', path: '/v1/messages', stream: false, apiKey: 'sk-ant-test' });
    expect(sent!.body).toEqual(PARAMS);
    expect(sent!.headers['x-stainless-retry-count']).toBe('0');
    expect(sent!.headers['anthropic-version']).toEqual(expect.any(String));
    expect(sent!.headers['content-type']).toBe('application/json');
    expect(fake.pending()).toBe(0);
  });

  it('streams the same text and usage through messages.stream().finalMessage()', async () => {
    const text = 'Line one of the memory.\nLine two, a bit longer than one chunk.\n';
    const usage = { inputTokens: 50, outputTokens: 17, cacheReadInputTokens: 40, cacheCreationInputTokens: 3 };
    fake.enqueue(reply.text(text, usage), reply.text(text, usage));

    const plain = await client().messages.create(PARAMS);
    const deltas: string[] = [];
    const stream = client().messages.stream(PARAMS);
    stream.on('text', (delta) => deltas.push(delta));
    const streamed = await stream.finalMessage();

    expect(textOf(streamed)).toBe(text);
    expect(textOf(streamed)).toBe(textOf(plain));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(text);
    expect(streamed.model).toBe(MODEL);
    expect(streamed.stop_reason).toBe('end_turn');
    expect(streamed.usage).toMatchObject({
      input_tokens: 50,
      output_tokens: 17,
      cache_read_input_tokens: 40,
      cache_creation_input_tokens: 3,
    });
    expect(streamed.usage).toMatchObject(plain.usage as unknown as Record<string, unknown>);

    const sent = fake.requests[1]!;
    expect(sent.stream).toBe(true);
    expect(sent.body).toEqual({ ...PARAMS, stream: true });
    expect(sent.headers['x-stainless-helper-method']).toBe('stream');
  });

  it('sends the SSE events in the documented order', async () => {
    fake.enqueue(reply.text('x'.repeat(40)));
    const events = await client().messages.create({ ...PARAMS, stream: true });
    const types: string[] = [];
    for await (const event of events) types.push(event.type);
    // ping is not part of the SDK's typed stream; the SDK skips it.
    expect(types).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
  });

  it('reports stop_reason max_tokens with the partial text, JSON and streamed', async () => {
    fake.enqueue(faults.maxTokens('# Memory\n\n- half a li'), faults.maxTokens('# Memory\n\n- half a li'));
    const plain = await client().messages.create(PARAMS);
    const streamed = await client().messages.stream(PARAMS).finalMessage();
    for (const message of [plain, streamed]) {
      expect(message.stop_reason).toBe('max_tokens');
      expect(textOf(message)).toBe('# Memory\n\n- half a li');
      expect(message.usage.output_tokens).toBe(PARAMS.max_tokens);
    }
  });

  it('builds the content-level faults as plain text replies', async () => {
    fake.enqueue(faults.preamble('# M\n'), faults.fenced('# M'), faults.garbage(), reply.text('# M\n- shrunk\n'));
    const c = client();
    const texts: string[] = [];
    for (let i = 0; i < 4; i++) texts.push(textOf(await c.messages.create(PARAMS)));
    expect(texts).toEqual([
      'Sure! Here is the updated memory:\n\n# M\n',
      '```markdown\n# M\n```\n',
      'I cannot help with that.',
      '# M\n- shrunk\n',
    ]);
  });

  it('answers a malformed 200 that the SDK passes through unvalidated', async () => {
    fake.enqueue(faults.malformed(), faults.malformed('not json at all', 'text/plain'));
    const wrongShape = (await client().messages.create(PARAMS)) as unknown as Record<string, unknown>;
    expect(wrongShape).toEqual({ hello: 'world' });
    expect(wrongShape['content']).toBeUndefined();
    const plainText = (await client().messages.create(PARAMS)) as unknown;
    expect(plainText).toBe('not json at all');
  });
});

describe('HTTP error faults', () => {
  it('429 with retry-after: 0 is retried by the SDK, which then succeeds', async () => {
    fake.enqueue(faults.rateLimited(0), reply.text('after the limit'));
    const message = await client({ maxRetries: 2 }).messages.create(PARAMS);
    expect(textOf(message)).toBe('after the limit');
    expect(fake.requests).toHaveLength(2);
    expect(retryCounts()).toEqual(['0', '1']);
    expect(fake.requests[1]!.body).toEqual(PARAMS);
  });

  it('429 past the retries raises RateLimitError', async () => {
    fake.enqueue(faults.rateLimited(0.01), faults.rateLimited(0.01));
    const error = await rejection(client({ maxRetries: 1 }).messages.create(PARAMS));
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error).toMatchObject({ status: 429, type: 'rate_limit_error' });
    expect(retryCounts()).toEqual(['0', '1']);
  });

  it('529 overloaded past the retries raises OverloadedError (an InternalServerError)', async () => {
    fake.enqueue(faults.overloaded({ retryAfter: 0.01 }), faults.overloaded({ retryAfter: 0.01 }), faults.overloaded());
    const error = await rejection(client({ maxRetries: 2 }).messages.create(PARAMS));
    expect(error).toBeInstanceOf(Anthropic.OverloadedError);
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error).toMatchObject({ status: 529, type: 'overloaded_error', apiMessage: 'Overloaded' });
    expect(retryCounts()).toEqual(['0', '1', '2']);
    expect(fake.pending()).toBe(0);
  });

  it('500 past the retries raises InternalServerError', async () => {
    fake.enqueue(faults.serverError({ retryAfter: 0.01 }), faults.serverError());
    const error = await rejection(client({ maxRetries: 1 }).messages.create(PARAMS));
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect(error).not.toBeInstanceOf(Anthropic.OverloadedError);
    expect(error).toMatchObject({ status: 500, type: 'api_error' });
    expect(fake.requests).toHaveLength(2);
  });

  it('a 400 is not retried', async () => {
    fake.enqueue(faults.badRequest('prompt is too long'), reply.text('never sent'));
    const error = await rejection(client({ maxRetries: 2 }).messages.create(PARAMS));
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error).toMatchObject({ status: 400, apiMessage: 'prompt is too long' });
    expect(fake.requests).toHaveLength(1);
    expect(fake.pending()).toBe(1);
  });

  it('puts the documented error body and retry-after header on the wire', async () => {
    fake.enqueue(faults.rateLimited(3));
    const response = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-old-sdk' },
      body: JSON.stringify(PARAMS),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: expect.any(String) },
    });
    expect(fake.requests[0]!.apiKey).toBe('sk-ant-old-sdk');
  });
});

describe('connection faults', () => {
  it('a hang past the client timeout raises APIConnectionTimeoutError', async () => {
    // The fake would answer after a minute: an error before the test's own timeout can only be
    // the client's (no wall-clock bound, which failed under load: "expected 2189 to be less than 2000").
    fake.enqueue(faults.slow(60_000));
    const error = await rejection(client({ timeout: 200 }).messages.create(PARAMS));
    expect(error).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
    expect(fake.requests).toHaveLength(1);
  });

  it('a trickling answer arrives whole, long past the SDK\'s timeout (it stops counting at the headers)', async () => {
    fake.enqueue(faults.trickle('A slow but complete answer.', 20, 8));
    const started = Date.now();
    const message = await client({ timeout: 200 }).messages.create(PARAMS);
    expect(textOf(message)).toBe('A slow but complete answer.');
    // Some 40 slices of 8 bytes, 20 ms apart: it cannot have been faster than the pacing.
    expect(Date.now() - started).toBeGreaterThan(400);
  });

  it('a hang shorter than the timeout closes the socket: a connection error', async () => {
    fake.enqueue(faults.slow(50));
    const error = await rejection(client({ timeout: 2_000 }).messages.create(PARAMS));
    expect(error).toBeInstanceOf(Anthropic.APIConnectionError);
    expect(error).not.toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
  });

  it('a dropped socket raises APIConnectionError (not a timeout), after retrying', async () => {
    fake.enqueue(faults.dropped(), faults.dropped());
    const error = await rejection(client({ maxRetries: 1 }).messages.create(PARAMS));
    expect(error).toBeInstanceOf(Anthropic.APIConnectionError);
    expect(error).not.toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
    expect((error as APIConnectionError).status).toBeUndefined();
    expect(retryCounts()).toEqual(['0', '1']);
  });

  it('close() ends a hanging request promptly', async () => {
    fake.enqueue(faults.slow(60_000));
    const pending = rejection(client({ timeout: 60_000 }).messages.create(PARAMS));
    await fake.received(1);
    // The reply is a minute away and the client waits as long: close() itself must end it.
    await fake.close();
    expect(await pending).toBeInstanceOf(Anthropic.APIConnectionError);
  });
});

describe('keys, routes and the empty queue', () => {
  it('with requireApiKey, a wrong key is an AuthenticationError and the right one works', async () => {
    await fake.close();
    fake = await startFakeAnthropic({ requireApiKey: 'sk-ant-right' });
    fake.enqueue(reply.text('welcome'));

    const error = await rejection(client({ apiKey: 'sk-ant-wrong', maxRetries: 2 }).messages.create(PARAMS));
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(error).toMatchObject({ status: 401, type: 'authentication_error' });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.apiKey).toBe('sk-ant-wrong');
    expect(fake.pending()).toBe(1); // a rejected key does not consume a reply

    const message = await client({ apiKey: 'sk-ant-right' }).messages.create(PARAMS);
    expect(textOf(message)).toBe('welcome');
  });

  it('with requireApiKey, a request without any key is refused', async () => {
    await fake.close();
    fake = await startFakeAnthropic({ requireApiKey: 'sk-ant-right' });
    const response = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(PARAMS),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { type: 'authentication_error' } });
  });

  it('answers an unknown route with a 404 JSON error and records it', async () => {
    const response = await fetch(`${fake.url}/v1/complete`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    expect(fake.requests).toMatchObject([{ method: 'POST', path: '/v1/complete' }]);
  });

  it('answers from the fallback when the queue is empty: by default a 500 a test notices', async () => {
    const error = await rejection(client().messages.create(PARAMS));
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect((error as APIError).message).toContain(NO_REPLY_QUEUED);

    fake.setFallback((req) => reply.text(`echo ${String((req.body as { system: string }).system)}`));
    fake.enqueue(reply.text('queued first'));
    const c = client();
    expect(textOf(await c.messages.create(PARAMS))).toBe('queued first');
    expect(textOf(await c.messages.create(PARAMS))).toBe('echo be brief');
    expect(textOf(await c.messages.create(PARAMS))).toBe('echo be brief');
  });
});
