import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/** Every address of this machine's interfaces, lower-case. */
export function localAddresses(): Set<string> {
  return new Set(Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address.toLowerCase())));
}

const ANY = new Set(['0.0.0.0', '::']);

/**
 * The address to listen on for `--host`, found without DNS: an address of this machine (or
 * 0.0.0.0 / :: for all of them), `localhost`, or one of the names this machine is configured to be
 * reached by (`host_names`), which listens on every interface: the name itself is checked per
 * request in the Host header. Anything else would be a DNS lookup (and a name that may point
 * anywhere), so it is refused with the addresses that would work.
 */
export function bindAddress(host: string, hostNames: readonly string[]): { address: string } | { error: string } {
  const name = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost') return { address: '127.0.0.1' };
  if (isIP(name) !== 0) {
    if (ANY.has(name) || name.startsWith('127.') || name === '::1' || localAddresses().has(name)) return { address: name };
  } else if (hostNames.map((n) => n.toLowerCase()).includes(name.replace(/\.$/, ''))) {
    return { address: '0.0.0.0' };
  }
  const mine = [...localAddresses()].filter((a) => !a.startsWith('fe80')).sort();
  return {
    error: `${host} is not an address of this machine${isIP(name) === 0 ? ' nor one of its host_names' : ''}. Use one of ${mine.join(', ')}, or 0.0.0.0 for all of them${isIP(name) === 0 ? `, or add the name first: memsync config set host_names ${name}` : ''}.`,
  };
}
