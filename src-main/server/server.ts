import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Engine } from '../engine';
import { handleApiCall } from './api-routes';
import { bindAddress, localAddresses } from './bind-host';
import { openEventStream } from './events-route';
import { sendError, sendJson } from './http-utils';
import { handleNote, reply } from './capture-routes';
import { RateLimiter } from './rate-limit';
import { isAllowedHost, isSameOrigin, presentedToken, tokenMatches, type HostPolicy } from './security';
import { serveStatic } from './static-files';

export interface ServerOptions {
  engine: Engine;
  /** Address to bind; loopback unless the person chose otherwise. */
  host?: string;
  /** Port to bind; 0 picks a free one. */
  port: number;
  /**
   * Serve the UI, its API and event stream (`memsync serve`). The tray app leaves this off: its
   * UI talks over IPC and the server only carries health and capture routes.
   */
  ui?: { token: string; rendererDir?: string };
  /** Host names, besides IP literals and localhost, that requests may address (e.g. `pi.local`). */
  allowedHostNames?: readonly string[];
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

/** Raised when the port cannot be bound, with a message a person can act on. */
export class ListenError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined) {
    super(message);
    this.name = 'ListenError';
    this.code = code;
  }
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 5001;

const ADDRESS_REFRESH_MS = 5000;

/**
 * The Host check with live inputs: names from the settings (`capture.hostNames`, e.g. pi.local
 * or a Tailscale name) as they are now, and this machine's addresses re-read when a request names
 * one not seen yet (a new DHCP lease), at most every few seconds so junk Hosts cannot make it spin.
 */
function hostChecker(bindHost: string, names: () => readonly string[]): (host: string | undefined, port: number) => boolean {
  let addresses = localAddresses();
  let readAt = Date.now();
  return (header, port) => {
    const policy = (): HostPolicy => ({ bindHost, localAddresses: addresses, extraNames: names() });
    if (isAllowedHost(header, port, policy())) return true;
    if (Date.now() - readAt < ADDRESS_REFRESH_MS) return false;
    addresses = localAddresses();
    readAt = Date.now();
    return isAllowedHost(header, port, policy());
  };
}

/** One `node:http` server for health, the UI API, engine events and the built UI. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const bind = bindAddress(options.host ?? DEFAULT_HOST, [...(options.allowedHostNames ?? []), ...options.engine.settings.get().capture.hostNames]);
  if ('error' in bind) throw new ListenError(bind.error, 'EBADHOST');
  const host = bind.address;
  const streams = new Set<() => void>();
  let boundPort = options.port;
  const limiter = new RateLimiter();
  const hostAllowed = hostChecker(host, () => [...(options.allowedHostNames ?? []), ...options.engine.settings.get().capture.hostNames]);

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const urlPath = new URL(req.url ?? '/', 'http://local').pathname;
    if (!hostAllowed(req.headers.host, boundPort)) {
      const message = 'This Host is not allowed (DNS-rebinding protection).';
      if (urlPath === '/note') reply(res, 403, { error: message });
      else sendError(res, { code: 'forbidden', message });
      return;
    }

    if (urlPath === '/health') {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendError(res, { code: 'method_not_allowed', message: 'Use GET.' }, { allow: 'GET, HEAD' });
        return;
      }
      sendJson(res, 200, { ok: true });
      return;
    }

    // Capture is always on, in both hosts (it has its own token).
    if (urlPath === '/note') {
      await handleNote(options.engine, limiter, req, res);
      return;
    }

    if (!options.ui) {
      sendError(res, { code: 'not_found', message: 'Not found.' });
      return;
    }

    if (urlPath.startsWith('/api/')) {
      if (!isSameOrigin(req.headers.origin, req.headers.host)) {
        sendError(res, { code: 'forbidden', message: 'Requests from other sites are refused.' });
        return;
      }
      if (!tokenMatches(presentedToken(req.headers), options.ui.token)) {
        sendError(res, { code: 'unauthorized', message: 'A valid access token is required.' }, {
          'www-authenticate': 'Bearer',
        });
        return;
      }
      if (urlPath === '/api/events') {
        if (req.method !== 'GET') {
          sendError(res, { code: 'method_not_allowed', message: 'Use GET for the event stream.' }, { allow: 'GET' });
          return;
        }
        const end = openEventStream(options.engine, res);
        streams.add(end);
        res.on('close', () => streams.delete(end));
        return;
      }
      await handleApiCall(options.engine, urlPath.slice('/api/'.length), req, res);
      return;
    }

    await serveStatic(options.ui.rendererDir, req, res, urlPath);
  };

  const server: Server = createServer((req, res) => {
    // At debug level every request is logged with its answer: method, path (never the query or a
    // token), status and time.
    const started = performance.now();
    res.once('finish', () => {
      const pathOnly = (req.url ?? '/').split('?')[0];
      options.engine.logger.debug(`${req.method ?? '?'} ${pathOnly} ${res.statusCode}`, { ms: Math.round(performance.now() - started) });
    });
    route(req, res).catch((error: unknown) => {
      options.engine.logger.error('request failed', { url: req.url, error });
      if (!res.headersSent) sendError(res, { code: 'internal', message: 'Something went wrong inside memsync.' });
      else res.destroy();
    });
  });
  // Slow or idle clients must not hold sockets forever (SSE streams are exempt: they are written to).
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const where = `${host}:${options.port}`;
      if (error.code === 'EADDRINUSE') {
        reject(new ListenError(`Port ${options.port} on ${host} is already in use (another memsync?). Choose another with --port.`, error.code));
      } else if (error.code === 'EADDRNOTAVAIL') {
        reject(new ListenError(`${host} is not an address of this machine; cannot listen on ${where}.`, error.code));
      } else if (error.code === 'EACCES') {
        reject(new ListenError(`Not allowed to listen on ${where}; choose a port above 1023.`, error.code));
      } else {
        reject(new ListenError(`Cannot listen on ${where}: ${error.message}`, error.code));
      }
    };
    server.once('error', onError);
    server.listen(options.port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });

  boundPort = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;

  return {
    url: `http://${urlHost}:${boundPort}`,
    port: boundPort,
    host,
    async close() {
      for (const end of streams) end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
