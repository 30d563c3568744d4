import { ErrorBodySchema, type Envelope, type MethodName } from './contract';
import type { ConnectionState, Transport } from './client';
import { SseParser } from './sse';

export interface HttpTransportOptions {
  /** Origin of the memsync server, e.g. `http://127.0.0.1:5001` (empty string: same origin). */
  baseUrl: string;
  /** Access token for /api (required by `memsync serve`). */
  token?: string;
  /** Injected for tests; defaults to the global fetch (browsers and Node 22 both have it). */
  fetch?: typeof fetch;
  /** Delay before reconnecting a dropped event stream, growing to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
}

/** HTTP transport: `POST /api/<method>` with a JSON body, and `GET /api/events` as server-sent events. */
export function createHttpTransport(options: HttpTransportOptions): Transport {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const headers = (extra: Record<string, string> = {}): Record<string, string> =>
    options.token ? { ...extra, authorization: `Bearer ${options.token}` } : extra;

  return {
    async invoke(method: MethodName, input: unknown): Promise<Envelope<unknown>> {
      let response: Response;
      try {
        response = await doFetch(`${options.baseUrl}/api/${method}`, {
          method: 'POST',
          headers: headers({ 'content-type': 'application/json' }),
          body: input === undefined ? '' : JSON.stringify(input),
        });
      } catch {
        return { ok: false, error: { code: 'unavailable', message: 'memsync is not reachable. Is it still running?' } };
      }
      const body: unknown = await response.json().catch(() => undefined);
      if (response.ok && typeof body === 'object' && body !== null && 'value' in body) {
        return { ok: true, value: (body as { value: unknown }).value };
      }
      const error = ErrorBodySchema.safeParse((body as { error?: unknown } | undefined)?.error);
      return {
        ok: false,
        error: error.success ? error.data : { code: 'internal', message: `memsync answered HTTP ${response.status}` },
      };
    },

    subscribe(onEvent, onState) {
      let stopped = false;
      let controller: AbortController | undefined;
      let retry = options.retryMs ?? 1000;
      const maxRetry = options.maxRetryMs ?? 10_000;
      let timer: ReturnType<typeof setTimeout> | undefined;

      const setState = (state: ConnectionState) => {
        if (!stopped) onState(state);
      };

      const connect = async () => {
        setState('connecting');
        controller = new AbortController();
        try {
          const response = await doFetch(`${options.baseUrl}/api/events`, {
            headers: headers({ accept: 'text/event-stream' }),
            signal: controller.signal,
          });
          if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
          setState('open');
          retry = options.retryMs ?? 1000;
          const parser = new SseParser();
          const decoder = new TextDecoder();
          const reader = response.body.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            for (const message of parser.push(decoder.decode(value, { stream: true }))) {
              try {
                onEvent(JSON.parse(message.data));
              } catch {
                // A frame that is not JSON is not an engine event; skip it.
              }
            }
          }
        } catch {
          // Dropped or refused: fall through to the reconnect below.
        }
        if (stopped) return;
        setState('closed');
        timer = setTimeout(() => void connect(), retry);
        retry = Math.min(retry * 2, maxRetry);
      };

      void connect();
      return () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        controller?.abort();
      };
    },
  };
}
