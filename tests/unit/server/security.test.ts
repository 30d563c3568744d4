import { describe, expect, it } from 'vitest';
import { isAllowedHost, isSameOrigin, parseHostHeader, presentedToken, tokenMatches } from '../../../src-main/server/security';

describe('tokenMatches', () => {
  it('accepts only the exact token', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches('abcd', 'abc')).toBe(false);
    expect(tokenMatches('', 'abc')).toBe(false);
    expect(tokenMatches(undefined, 'abc')).toBe(false);
  });
});

describe('presentedToken', () => {
  it('reads a Bearer token or memsync\'s X-Memsync-Token header', () => {
    expect(presentedToken({ authorization: 'Bearer t0k' })).toBe('t0k');
    expect(presentedToken({ authorization: 'bearer  t0k ' })).toBe('t0k');
    expect(presentedToken({ 'x-memsync-token': 'legacy' })).toBe('legacy');
    expect(presentedToken({ authorization: 'Basic abc' })).toBeUndefined();
    expect(presentedToken({})).toBeUndefined();
  });
});

describe('isAllowedHost (DNS-rebinding guard)', () => {
  const loopbackPolicy = { bindHost: '127.0.0.1', localAddresses: new Set(['127.0.0.1', '192.168.1.20']) };
  it.each([
    ['127.0.0.1:5001', true],
    ['localhost:5001', true],
    ['LOCALHOST:5001', true],
    ['[::1]:5001', true],
    ['127.0.0.1', true],
    ['192.168.1.20:5001', false],
    ['127.0.0.1:5002', false],
    ['evil.example:5001', false],
    ['localhost.evil.example:5001', false],
    ['', false],
    [undefined, false],
    ['a b:5001', false],
  ])('bound to loopback: %s → %s', (host, allowed) => {
    expect(isAllowedHost(host, 5001, loopbackPolicy)).toBe(allowed);
  });

  it('bound to a LAN address: that address and loopback names only', () => {
    const policy = { bindHost: '192.168.1.20', localAddresses: new Set(['127.0.0.1', '192.168.1.20', '10.0.0.5']) };
    expect(isAllowedHost('192.168.1.20:5001', 5001, policy)).toBe(true);
    expect(isAllowedHost('10.0.0.5:5001', 5001, policy)).toBe(false);
    expect(isAllowedHost('localhost:5001', 5001, policy)).toBe(true);
  });

  it('bound to every interface: only this machine\'s own addresses', () => {
    const policy = { bindHost: '0.0.0.0', localAddresses: new Set(['127.0.0.1', '192.168.1.20']) };
    expect(isAllowedHost('192.168.1.20:5001', 5001, policy)).toBe(true);
    expect(isAllowedHost('192.168.1.99:5001', 5001, policy)).toBe(false);
    expect(isAllowedHost('evil.example:5001', 5001, policy)).toBe(false);
  });

  it('lets in names the person configured', () => {
    expect(isAllowedHost('pi.local:5001', 5001, { ...loopbackPolicy, extraNames: ['pi.local'] })).toBe(true);
    expect(isAllowedHost('pi.local:5001', 5001, loopbackPolicy)).toBe(false);
  });

  it('parses bracketed IPv6 hosts', () => {
    expect(parseHostHeader('[::1]:80')).toEqual({ name: '[::1]', port: 80 });
  });
});

describe('isSameOrigin', () => {
  it('allows requests without Origin and same-origin ones, refuses other sites', () => {
    expect(isSameOrigin(undefined, '127.0.0.1:5001')).toBe(true);
    expect(isSameOrigin('http://127.0.0.1:5001', '127.0.0.1:5001')).toBe(true);
    expect(isSameOrigin('http://evil.example', '127.0.0.1:5001')).toBe(false);
    expect(isSameOrigin('null', '127.0.0.1:5001')).toBe(false);
  });
});
