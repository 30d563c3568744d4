import type { EngineEvent } from '../../src-shared/contract';
import type { Logger } from './services';

export type EventListener = (event: EngineEvent) => void;

/**
 * Fans engine events out to every transport (IPC windows, SSE clients, the CLI). A listener that
 * throws is logged and does not stop the others.
 */
export class EventBus {
  readonly #listeners = new Set<EventListener>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  on(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: EngineEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#logger.error('event listener failed', { type: event.type, error });
      }
    }
  }

  get size(): number {
    return this.#listeners.size;
  }
}
