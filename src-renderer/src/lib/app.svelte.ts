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
  /** The event stream has been open at least once (before that, the window is still connecting). */
  #wasOpen = $state(false);
  #client: Client | null = null;
  #listeners = new Set<(event: EngineEvent) => void>();
  #reconnected = new Set<() => void>();
  #kept = new Map<string, unknown>();
  #nextToast = 1;

  get api(): ApiClient {
    if (!this.#client) throw new Error('not connected');
    return this.#client.api;
  }

  get connected(): boolean {
    return this.#client !== null;
  }

  /**
   * The engine was reachable and is not now (`memsync serve` stopped, the network dropped): views
   * keep showing what they last loaded, and actions that need the engine wait (App disables them).
   */
  get offline(): boolean {
    return this.#wasOpen && this.connection !== 'open';
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
        const back = state === 'open' && this.offline;
        this.connection = state;
        if (state !== 'open') return;
        this.#wasOpen = true;
        // Back after a drop: catch up on what changed meanwhile.
        for (const listener of this.#listeners) listener({ type: 'notes-changed' });
        if (back) for (const listener of this.#reconnected) listener();
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
    // Opened while offline: the view shows what it kept (see `kept`) until the engine is back.
    if (!this.offline) void load();
    const offEvents = this.onEvent((event) => {
      if (types.includes(event.type)) void load();
    });
    // Back after a drop: views that listen for notes-changed reload from its replay; the others here.
    const offBack = types.includes('notes-changed') ? () => {} : this.onReconnect(() => void load());
    return () => {
      offEvents();
      offBack();
    };
  }

  /** Runs `listener` each time the engine is reachable again after a drop. */
  onReconnect(listener: () => void): () => void {
    this.#reconnected.add(listener);
    return () => this.#reconnected.delete(listener);
  }

  /**
   * What a view last loaded, kept for this window's life: a view opened again shows it at once,
   * and while offline it is all there is (better than an empty list that claims "nothing waits").
   */
  kept<T>(key: string): T | undefined {
    return this.#kept.get(key) as T | undefined;
  }

  keep<T>(key: string, value: T): T {
    this.#kept.set(key, value);
    return value;
  }

  toast(text: string, kind: Toast['kind'] = 'ok'): void {
    const id = this.#nextToast++;
    this.toasts = [...this.toasts, { id, text, kind }];
    setTimeout(() => (this.toasts = this.toasts.filter((t) => t.id !== id)), kind === 'error' ? 8000 : 3500);
  }
}

export const app = new AppState();
export { errorMessage };
