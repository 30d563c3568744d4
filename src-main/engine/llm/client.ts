import type { default as AnthropicClient } from '@anthropic-ai/sdk';
import type { Logger } from '../services';

type Sdk = typeof AnthropicClient;
let sdk: Promise<Sdk> | undefined;

/**
 * The SDK is loaded on the first request, not at start-up: it is the heaviest import of the app
 * (about 90 ms of `memsync serve`'s start), and most runs never call the API.
 */
function loadSdk(): Promise<Sdk> {
  sdk ??= import('@anthropic-ai/sdk').then((m) => m.default);
  return sdk;
}

export interface LlmRequest {
  system: string;
  user: string;
  model: string;
  maxTokens: number;
}

export interface LlmAnswer {
  text: string;
  stopReason: string | null;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  requestBytes: number;
  answerBytes: number;
  attempts: number;
}

export type LlmErrorKind = 'no-key' | 'auth' | 'bad-request' | 'rate-limited' | 'overloaded' | 'server' | 'network' | 'timeout';

/** A failed request, said so that a person knows what happened and whether waiting helps. */
export class LlmError extends Error {
  readonly kind: LlmErrorKind;
  readonly status: number | undefined;
  readonly attempts: number;
  constructor(kind: LlmErrorKind, message: string, attempts: number, status?: number) {
    super(message);
    this.name = 'LlmError';
    this.kind = kind;
    this.attempts = attempts;
    this.status = status;
  }
  get retryable(): boolean {
    return ['rate-limited', 'overloaded', 'server', 'network', 'timeout'].includes(this.kind);
  }
}

export interface LlmClientOptions {
  apiKey: string;
  /** The API's base URL (ANTHROPIC_BASE_URL: tests, proxies); default Anthropic's. */
  baseURL?: string | undefined;
  timeoutMs: number;
  maxAttempts: number;
  logger: Logger;
  /** First back-off delay; it doubles per attempt up to `maxDelayMs`, with jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A retry-after longer than this is not waited for: the request fails and is retried later. */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { headers?: Headers | Record<string, string> }).headers;
  const get = (name: string) =>
    headers instanceof Headers ? headers.get(name) : (headers as Record<string, string> | undefined)?.[name];
  const ms = Number(get('retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0 && get('retry-after-ms') !== undefined && get('retry-after-ms') !== null) return ms;
  const value = get('retry-after');
  if (value === undefined || value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function classify(Anthropic: Sdk, error: unknown, attempts: number): LlmError {
  if (error instanceof Anthropic.APIConnectionTimeoutError) {
    return new LlmError('timeout', 'The Claude API did not answer in time.', attempts);
  }
  if (error instanceof Anthropic.APIConnectionError) {
    return new LlmError('network', 'Could not reach the Claude API (network error).', attempts);
  }
  if (error instanceof Anthropic.APIError && error.status !== undefined) {
    const s = error.status;
    if (s === 401 || s === 403) return new LlmError('auth', 'The Claude API refused the API key (check it with memsync config set api_key -).', attempts, s);
    if (s === 429) return new LlmError('rate-limited', 'The Claude API is rate-limiting this key.', attempts, s);
    if (s === 529) return new LlmError('overloaded', 'The Claude API is overloaded.', attempts, s);
    if (s === 408 || s === 409 || s >= 500) return new LlmError('server', `The Claude API had an error (HTTP ${s}).`, attempts, s);
    return new LlmError('bad-request', `The Claude API refused the request (HTTP ${s}): ${error.message}`, attempts, s);
  }
  return new LlmError('server', `Unexpected failure talking to the Claude API: ${(error as Error).message}`, attempts);
}

/**
 * Text in, text out: the Messages API with no tools. The SDK's own retries are off so the policy
 * is ours and testable: exponential back-off with jitter on rate limits, overload, server and
 * network errors, honouring retry-after, a capped number of attempts.
 */
export function createLlmClient(options: LlmClientOptions) {
  let client: AnthropicClient | undefined;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const base = options.baseDelayMs ?? 1000;
  const cap = options.maxDelayMs ?? 30_000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 60_000;

  return {
    async complete(request: LlmRequest): Promise<LlmAnswer> {
      const body = {
        model: request.model,
        max_tokens: request.maxTokens,
        system: request.system,
        messages: [{ role: 'user' as const, content: request.user }],
      };
      const requestBytes = Buffer.byteLength(JSON.stringify(body));
      const Anthropic = await loadSdk();
      client ??= new Anthropic({
        apiKey: options.apiKey,
        authToken: null,
        baseURL: options.baseURL ?? 'https://api.anthropic.com',
        maxRetries: 0,
        timeout: options.timeoutMs,
      });
      for (let attempt = 1; ; attempt++) {
        // The SDK's timeout ends when the headers arrive; an answer that then trickles in would
        // run on for as long as the server likes. One deadline covers the whole attempt.
        const deadline = new AbortController();
        const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
        try {
          const message = await client.messages.create(body, { signal: deadline.signal });
          if (!message || !Array.isArray(message.content)) {
            throw new LlmError('server', 'The Claude API answered in an unexpected shape.', attempt);
          }
          const text = message.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
          const usage = message.usage ?? { input_tokens: 0, output_tokens: 0 };
          return {
            text,
            stopReason: message.stop_reason ?? null,
            model: message.model ?? request.model,
            inputTokens: usage.input_tokens ?? 0,
            outputTokens: usage.output_tokens ?? 0,
            cacheReadTokens: usage.cache_read_input_tokens ?? 0,
            cacheCreationTokens: usage.cache_creation_input_tokens ?? 0,
            requestBytes,
            answerBytes: Buffer.byteLength(text),
            attempts: attempt,
          };
        } catch (caught) {
          const error =
            caught instanceof LlmError
              ? caught
              : deadline.signal.aborted
                ? new LlmError('timeout', `The Claude API did not answer in time: the answer was not complete after ${options.timeoutMs / 1000} s.`, attempt)
                : classify(Anthropic, caught, attempt);
          if (!error.retryable || attempt >= options.maxAttempts) {
            throw new LlmError(error.kind, attempt > 1 ? `${error.message} (gave up after ${attempt} attempts)` : error.message, attempt, error.status);
          }
          const hinted = retryAfterMs(caught);
          if (hinted !== undefined && hinted > maxRetryAfter) {
            throw new LlmError(error.kind, `${error.message} It asks to wait ${Math.ceil(hinted / 1000)} s; trying again later.`, attempt, error.status);
          }
          const backoff = Math.min(cap, base * 2 ** (attempt - 1)) * (0.5 + random() / 2);
          const delay = hinted ?? backoff;
          options.logger.info('Claude API request failed; retrying', { kind: error.kind, status: error.status, attempt, delayMs: Math.round(delay) });
          await sleep(delay);
        } finally {
          clearTimeout(timer);
        }
      }
    },
  };
}

export type LlmClient = ReturnType<typeof createLlmClient>;
