/**
 * The client's address, for sign-in throttling and the audit log. Forwarding headers are
 * written by whoever sends the request, so they are believed only as far as the deployment says
 * (LETHE_TRUSTED_PROXIES); by default the app uses the address of the TCP peer alone.
 *
 * LETHE_TRUSTED_PROXIES:
 * - unset, empty, `none` or `0`: trust no proxy; the client is the socket peer.
 * - a hop count `1`..`9`: that many reverse proxies stand in front of the app and each appends
 *   the address it saw to X-Forwarded-For; the client is the entry that many steps left of the peer.
 * - a comma-separated list of addresses or CIDR ranges (`10.0.0.0/8, ::1`): walking left from the
 *   peer through X-Forwarded-For, every listed address is a proxy; the first other one is the client.
 *
 * Next.js does not hand the socket to route handlers, pages or server actions, and it keeps a
 * client's own X-Forwarded-For instead of the socket address, so the server hook below copies
 * the peer address into PEER_ADDRESS_HEADER on every request, overwriting anything the client sent.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

export const PEER_ADDRESS_HEADER = 'x-lethe-peer-address';

export type ProxyTrust =
  | { kind: 'none' }
  | { kind: 'hops'; count: number }
  | { kind: 'addresses'; proxies: net.BlockList; description: string };

const MAX_HOPS = 9;

/** Parses LETHE_TRUSTED_PROXIES; a value it cannot read is an error at start-up, never "trust all". */
export function parseTrustedProxies(value: string | undefined): ProxyTrust {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'none' || text === '0') return { kind: 'none' };
  if (/^\d+$/.test(text)) {
    const count = Number(text);
    if (count > MAX_HOPS) throw new Error(`LETHE_TRUSTED_PROXIES: a hop count must be 0 to ${MAX_HOPS}; got ${text}.`);
    return { kind: 'hops', count };
  }
  const proxies = new net.BlockList();
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    const [address, prefix, extra] = entry.split('/');
    const family = net.isIP(address ?? '');
    if (!family || extra !== undefined) {
      throw new Error(`LETHE_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range (expected e.g. 10.0.0.5, 10.0.0.0/8 or ::1).`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) {
      proxies.addAddress(address, type);
    } else {
      const bits = Number(prefix);
      if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) {
        throw new Error(`LETHE_TRUSTED_PROXIES: "${entry}" has an invalid prefix length.`);
      }
      proxies.addSubnet(address, bits, type);
    }
  }
  return { kind: 'addresses', proxies, description: text };
}

/** `::ffff:1.2.3.4` (IPv4 on a dual-stack socket) is the IPv4 address 1.2.3.4. */
function normalise(address: string): string {
  const trimmed = address.trim().replace(/^\[(.*)\]$/, '$1');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1] : trimmed;
}

function isTrustedProxy(address: string, proxies: net.BlockList): boolean {
  const family = net.isIP(address);
  return family !== 0 && proxies.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The client address given the socket peer, the X-Forwarded-For value and the trust setting.
 * Without a known peer there is nothing trustworthy to start from: null.
 */
export function resolveClientAddress(peer: string | null, forwardedFor: string | null, trust: ProxyTrust): string | null {
  if (!peer) return null;
  const peerAddress = normalise(peer);
  if (trust.kind === 'none') return peerAddress;
  const chain = [...(forwardedFor ?? '').split(',').map(normalise).filter(Boolean), peerAddress];
  let index: number;
  if (trust.kind === 'hops') {
    // Fewer entries than trusted hops: the request did not come through all the proxies.
    index = chain.length - 1 - trust.count;
    if (index < 0) return peerAddress;
  } else {
    index = chain.length - 1;
    while (index > 0 && isTrustedProxy(chain[index], trust.proxies)) index--;
  }
  const candidate = chain[index];
  // A trusted proxy passes on what it saw; anything that is not an address is not believed.
  return net.isIP(candidate) ? candidate : peerAddress;
}

let cachedTrust: { value: string | undefined; trust: ProxyTrust } | undefined;

export function trustedProxies(): ProxyTrust {
  const value = process.env.LETHE_TRUSTED_PROXIES;
  if (!cachedTrust || cachedTrust.value !== value) cachedTrust = { value, trust: parseTrustedProxies(value) };
  return cachedTrust.trust;
}

export function clientIpFrom(headers: { get(name: string): string | null } | undefined): string | null {
  if (!headers) return null;
  return resolveClientAddress(headers.get(PEER_ADDRESS_HEADER), headers.get('x-forwarded-for'), trustedProxies());
}

const HOOK_INSTALLED = Symbol.for('lethe.peerAddressHook');

/**
 * Copies each request's socket address into PEER_ADDRESS_HEADER before Next.js sees the request.
 * Called once from instrumentation.ts; patching the prototype reaches the server Next.js created.
 */
export function installPeerAddressHook(): void {
  const registry = globalThis as { [HOOK_INSTALLED]?: boolean };
  if (registry[HOOK_INSTALLED]) return;
  registry[HOOK_INSTALLED] = true;
  trustedProxies(); // a bad LETHE_TRUSTED_PROXIES stops the server at start, not at the first sign-in
  for (const proto of [http.Server.prototype, https.Server.prototype] as { emit: (event: string | symbol, ...args: unknown[]) => boolean }[]) {
    const emit = proto.emit;
    proto.emit = function emitWithPeerAddress(this: unknown, event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'request') stampPeerAddress(args[0] as http.IncomingMessage);
      return emit.call(this, event, ...args);
    };
  }
}

export function stampPeerAddress(req: http.IncomingMessage): void {
  const address = req.socket?.remoteAddress;
  if (address) req.headers[PEER_ADDRESS_HEADER] = address;
  else delete req.headers[PEER_ADDRESS_HEADER];
}
