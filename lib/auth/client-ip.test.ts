import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { clientIpFrom, installPeerAddressHook, parseTrustedProxies, PEER_ADDRESS_HEADER, resolveClientAddress } from './client-ip';

function headersOf(values: Record<string, string>): Headers {
  return new Headers(values);
}

describe('client address', () => {
  const saved = process.env.LETHE_TRUSTED_PROXIES;
  afterEach(() => {
    if (saved === undefined) delete process.env.LETHE_TRUSTED_PROXIES;
    else process.env.LETHE_TRUSTED_PROXIES = saved;
  });

  it('ignores X-Forwarded-For by default: a new forged value per request is still the same client', () => {
    delete process.env.LETHE_TRUSTED_PROXIES;
    const seen = new Set<string | null>();
    for (let i = 0; i < 35; i++) {
      seen.add(clientIpFrom(headersOf({ [PEER_ADDRESS_HEADER]: '203.0.113.7', 'x-forwarded-for': `198.51.100.${i}` })));
    }
    expect([...seen]).toEqual(['203.0.113.7']);
  });

  it('reads IPv4-mapped IPv6 peers as IPv4', () => {
    expect(resolveClientAddress('::ffff:127.0.0.1', null, { kind: 'none' })).toBe('127.0.0.1');
  });

  it('with a hop count, takes the entry that many proxies left of the peer, never a client-written one', () => {
    const oneProxy = parseTrustedProxies('1');
    // The client forged "6.6.6.6"; the proxy appended the address it saw (198.51.100.9).
    expect(resolveClientAddress('10.0.0.2', '6.6.6.6, 198.51.100.9', oneProxy)).toBe('198.51.100.9');
    expect(resolveClientAddress('10.0.0.2', '198.51.100.9', oneProxy)).toBe('198.51.100.9');
    // Straight to the app, bypassing the proxy: no header to believe, the peer is the client.
    expect(resolveClientAddress('198.51.100.9', null, oneProxy)).toBe('198.51.100.9');
    const twoProxies = parseTrustedProxies('2');
    expect(resolveClientAddress('10.0.0.2', '6.6.6.6, 198.51.100.9, 10.0.0.1', twoProxies)).toBe('198.51.100.9');
  });

  it('with proxy addresses, walks left past listed proxies only', () => {
    const trust = parseTrustedProxies('10.0.0.0/8, ::1');
    expect(resolveClientAddress('10.0.0.2', '6.6.6.6, 198.51.100.9, 10.1.2.3', trust)).toBe('198.51.100.9');
    // A peer that is not a listed proxy is the client, whatever it claims.
    expect(resolveClientAddress('198.51.100.9', '6.6.6.6', trust)).toBe('198.51.100.9');
    expect(resolveClientAddress('::1', '198.51.100.9', trust)).toBe('198.51.100.9');
  });

  it('does not believe a forwarded entry that is not an address', () => {
    expect(resolveClientAddress('10.0.0.2', 'not-an-ip', parseTrustedProxies('1'))).toBe('10.0.0.2');
  });

  it('refuses a setting it cannot read instead of trusting everything', () => {
    expect(() => parseTrustedProxies('yes')).toThrow(/LETHE_TRUSTED_PROXIES: "yes" is not an IP address/);
    expect(() => parseTrustedProxies('10.0.0.0/40')).toThrow(/prefix length/);
    expect(() => parseTrustedProxies('12')).toThrow(/hop count must be 0 to 9/);
    expect(parseTrustedProxies('none')).toEqual({ kind: 'none' });
  });

  it('stamps the socket address on every request of a real server, overwriting a forged header', async () => {
    installPeerAddressHook();
    const server = http.createServer((req, res) => {
      res.end(JSON.stringify({ peer: req.headers[PEER_ADDRESS_HEADER] ?? null }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_ADDRESS_HEADER]: '6.6.6.6', 'x-forwarded-for': '6.6.6.6' } });
      expect(await res.json()).toEqual({ peer: '127.0.0.1' });
    } finally {
      server.close();
    }
  });
});
