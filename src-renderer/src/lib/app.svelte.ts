import type { Client, ConnectionState } from '../../../src-shared/client';
import type { ApiClient, EngineEvent, Status } from '../../../src-shared/contract';
import { connect, errorMessage } from './connect';

export interface Toast {
  id: number;
  text: string;
  kind: 'ok' | 'error';
}

/**
 * The window's shared state: one connection to the engine, its latest status, and engine events
 * fanned out to the views (which reload what they show when an event concerns them; nothing polls).
 */
class AppState {
  status = $state<Status | null>(null);
  connection = $state<ConnectionState>('connecting');
  problem = $state<string | null>(null);
  transport = $state<'ipc' | 'http' | null>(null);
  toasts = $state<Toast[]>([]);
  #client: Client | null = null;
  #listeners = new Set<(event: EngineEvent) => void>();
  #nextToast = 1;

  get api(): ApiClient {
    if (!this.#client) throw new Error('not connected');
    return this.#client.api;
  }

  get connected(): boolean {
    return this.#client !== null;
  }

  start(): () => void {
    const result = connect();
    if (!result.ok) {
      this.problem = result.message;
      this.connection = 'closed';
      return () => {};
    }
    this.#client = result.client;
    this.transport = result.transport;
    void result.client.api.status().then(
      (s) => (this.status = s),
      (e: unknown) => (this.problem = errorMessage(e)),
    );
    return result.client.onEvent(
      (event) => {
        if (event.type === 'status') this.status = event.status;
        for (const listener of this.#listeners) listener(event);
      },
      (state) => {
        this.connection = state;
        // Back after a drop: catch up on what changed meanwhile.
        if (state === 'open') for (const listener of this.#listeners) listener({ type: 'notes-changed' });
      },
    );
  }

  /** Subscribes a view to engine events; returns the unsubscribe function (use in onMount). */
  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Loads now, and again whenever an event of one of `types` arrives (no polling). Returns the
   * unsubscribe function, so a view writes `onMount(() => app.liveLoad(load, ['proposal']))`.
   */
  liveLoad(load: () => Promise<void>, types: ReadonlyArray<EngineEvent['type']>): () => void {
    void load();
    return this.onEvent((event) => {
      if (types.includes(event.type)) void load();
    });
  }

  toast(text: string, kind: Toast['kind'] = 'ok'): void {
    const id = this.#nextToast++;
    this.toasts = [...this.toasts, { id, text, kind }];
    setTimeout(() => (this.toasts = this.toasts.filter((t) => t.id !== id)), kind === 'error' ? 8000 : 3500);
  }
}

export const app = new AppState();
export { errorMessage };
