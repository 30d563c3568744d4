import {
  ApiError,
  apiContract,
  EngineEventSchema,
  ErrorBodySchema,
  METHOD_NAMES,
  type ApiClient,
  type EngineEvent,
  type Envelope,
  type MethodName,
} from './contract';

export type ConnectionState = 'connecting' | 'open' | 'closed';

/** How the UI reaches the engine: Electron IPC through the preload bridge, or HTTP + SSE. */
export interface Transport {
  invoke(method: MethodName, input: unknown): Promise<Envelope<unknown>>;
  /** Streams raw events; returns a function that stops the stream. */
  subscribe(onEvent: (event: unknown) => void, onState: (state: ConnectionState) => void): () => void;
}

export interface Client {
  api: ApiClient;
  /** Validated engine events. Returns an unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void, onState?: (state: ConnectionState) => void): () => void;
}

/**
 * Wraps a transport into the typed API. Every answer is checked against the contract before the
 * UI sees it, so a mismatch between engine and UI shows up as a clear error, not a broken screen.
 */
export function createClient(transport: Transport): Client {
  const api = {} as Record<MethodName, (input?: unknown) => Promise<unknown>>;
  for (const method of METHOD_NAMES) {
    api[method] = async (input?: unknown) => {
      const envelope = await transport.invoke(method, input);
      if (!envelope.ok) {
        const body = ErrorBodySchema.safeParse(envelope.error);
        if (!body.success) throw new ApiError('internal', `memsync answered ${method} with an unreadable error`);
        throw new ApiError(body.data.code, body.data.message, body.data.details);
      }
      const parsed = apiContract[method].output.safeParse(envelope.value);
      if (!parsed.success) {
        throw new ApiError('internal', `memsync answered ${method} in an unexpected shape`, parsed.error.issues);
      }
      return parsed.data;
    };
  }
  return {
    api: api as unknown as ApiClient,
    onEvent(listener, onState = () => {}) {
      return transport.subscribe((raw) => {
        const parsed = EngineEventSchema.safeParse(raw);
        if (parsed.success) listener(parsed.data);
      }, onState);
    },
  };
}
