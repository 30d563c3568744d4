import type { Envelope, MethodName } from './contract';

/**
 * What the Electron preload exposes on `window.memsync` through contextBridge: two functions and
 * nothing else (no ipcRenderer, no Node).
 */
export interface MemsyncBridge {
  invoke(method: MethodName, input: unknown): Promise<Envelope<unknown>>;
  /** Registers an event listener; returns a function that removes it. */
  onEvent(listener: (event: unknown) => void): () => void;
}

export const BRIDGE_KEY = 'memsync';
