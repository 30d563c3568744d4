import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * Compares a presented token with the expected one in constant time (both are hashed first, so
 * neither the content nor the length leaks through timing).
 */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined || presented === '') return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The token from `Authorization: Bearer <t>` or memsync's `X-Memsync-Token` header. */
export function presentedToken(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (match) return match[1];
  }
  const legacy = headers['x-memsync-token'];
  return typeof legacy === 'string' ? legacy : undefined;
}

/** Splits a Host header into name and port; undefined when it is malformed. */
export function parseHostHeader(host: string | undefined): { name: string; port: number | undefined } | undefined {
  if (!host) return undefined;
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(host.trim());
  if (!match) return undefined;
  const name = match[1]!.toLowerCase();
  const port = match[2] === undefined ? undefined : Number(match[2]);
  return { name, port };
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);
const WILDCARD = new Set(['0.0.0.0', '::', '']);

/** Which names a request's Host header may carry, decided once when the server starts. */
export interface HostPolicy {
  /** The address the server listens on. */
  bindHost: string;
  /** This machine's own addresses (used when listening on every interface). */
  localAddresses: ReadonlySet<string>;
  /** Names the person configured, e.g. `raspberrypi.local`. */
  extraNames?: readonly string[];
}

/**
 * DNS-rebinding guard: a page on evil.example that re-points its name at 127.0.0.1 still sends
 * `Host: evil.example`. Allowed are loopback names, the address the server is bound to (or, bound
 * to every interface, one of this machine's addresses) and names the person configured; the port
 * must be ours.
 */
export function isAllowedHost(host: string | undefined, port: number, policy: HostPolicy): boolean {
  const parsed = parseHostHeader(host);
  if (!parsed) return false;
  if (parsed.port !== undefined && parsed.port !== port) return false;
  const bare = parsed.name.startsWith('[') ? parsed.name.slice(1, -1) : parsed.name;
  if (LOOPBACK_NAMES.has(bare)) return true;
  if (policy.extraNames?.some((n) => n.toLowerCase() === bare)) return true;
  if (WILDCARD.has(policy.bindHost)) return isIP(bare) !== 0 && policy.localAddresses.has(bare);
  return bare === policy.bindHost.toLowerCase();
}

/**
 * Browsers send Origin on cross-site requests. The UI is served from the same origin as the API,
 * so an Origin must match the Host the request was sent to; anything else is another site.
 */
export function isSameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true; // not a browser cross-origin request (curl, phone shortcut)
  if (!host) return false;
  return origin === `http://${host}`;
}
