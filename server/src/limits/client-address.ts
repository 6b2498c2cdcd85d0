import { isIPv6 } from 'node:net';

/**
 * The address a request came from. With `trustedProxies` proxies in front (Caddy in docker-compose.yml: 1),
 * the address the outermost trusted one saw, read from the right of X-Forwarded-For: a client can put any
 * address into the header it sends, but not into what the proxies append after it.
 */
export function clientAddress(remote: string | undefined, forwardedFor: string | string[] | undefined, trustedProxies: number): string {
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  // Nearest first: the peer itself, then what each proxy says it saw.
  const hops = [remote ?? 'unknown', ...forwarded.reverse()];
  return limitKey(hops[Math.min(trustedProxies, hops.length - 1)]!);
}

/**
 * The key an address is limited under. One IPv6 host usually holds a whole /64, so it counts as one; an IPv4
 * address written as IPv6 (`::ffff:10.0.0.1`) counts as the IPv4 address.
 */
export function limitKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = address.includes('::') ? (tail ? tail.split(':') : []) : [];
  const missing = address.includes('::') ? 8 - headGroups.length - tailGroups.length : 0;
  const groups = [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
