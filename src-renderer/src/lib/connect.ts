import { BRIDGE_KEY, type MemsyncBridge } from '../../../src-shared/bridge';
import { createClient, type Client, type Transport } from '../../../src-shared/client';
import { createHttpTransport } from '../../../src-shared/transport-http';

const TOKEN_KEY = 'memsync.token';

export type Connection =
  | { ok: true; client: Client; transport: 'ipc' | 'http' }
  | { ok: false; message: string };

/** The preload bridge, present only inside the tray app. */
function bridge(): MemsyncBridge | undefined {
  return (window as unknown as Record<string, MemsyncBridge | undefined>)[BRIDGE_KEY];
}

function bridgeTransport(b: MemsyncBridge): Transport {
  return {
    invoke: (method, input) => b.invoke(method, input),
    subscribe(onEvent, onState) {
      onState('open'); // IPC is up as long as the window exists
      return b.onEvent(onEvent);
    },
  };
}

/**
 * The access token printed by `memsync serve` arrives in the URL fragment (never sent to a server
 * or written to a log), moves to this tab's session storage, and is removed from the address bar.
 */
export function takeTokenFromLocation(): string | undefined {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const fromHash = params.get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', `${window.location.pathname}${window.location.search}${rest ? `#${rest}` : ''}`);
    return fromHash;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

/** One UI, two transports: IPC in the tray app, HTTP + server-sent events in `memsync serve`. */
export function connect(): Connection {
  const b = bridge();
  if (b) return { ok: true, client: createClient(bridgeTransport(b)), transport: 'ipc' };
  const token = takeTokenFromLocation();
  if (!token) {
    return {
      ok: false,
      message:
        'This page needs its access token. Open the address that `memsync serve` printed (it ends in #token=…).',
    };
  }
  return { ok: true, client: createClient(createHttpTransport({ baseUrl: '', token })), transport: 'http' };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
