import { networkInterfaces } from 'node:os';
import { isLoopbackAddress } from './rate-limit';

/**
 * The address a phone should post notes to. A server bound to every interface is reached through
 * one of this machine's LAN addresses (the first non-internal IPv4 one), not through 0.0.0.0.
 */
export function captureUrl(bindHost: string, port: number): { url: string; lan: boolean } {
  const lan = !isLoopbackAddress(bindHost) && bindHost !== 'localhost';
  let host = bindHost;
  if (bindHost === '0.0.0.0' || bindHost === '::') {
    const candidates = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
    host = candidates.find((i) => i.family === 'IPv4' && !i.internal)?.address ?? '127.0.0.1';
  }
  const shown = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shown}:${port}/note`, lan };
}
