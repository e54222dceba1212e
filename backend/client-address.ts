import { isIP } from 'node:net';

export type TrustedProxiesResult = { cidrs: string[] } | { problem: string };

const TRUSTED_PROXIES_HINT =
  'a comma-separated list of addresses or CIDR ranges of your reverse proxies, e.g. 10.0.0.0/8,fd00::/8,192.0.2.10';

/**
 * BACKEND_TRUSTED_PROXIES: the peers whose X-Forwarded-For is believed. Only
 * plain addresses and CIDR ranges are accepted (fastify's trustProxy would also
 * take netmasks and names such as "loopback"; one spelling is easier to review).
 * A /0 is refused: trusting every peer lets any client choose its own address.
 */
export function parseTrustedProxies(raw: string | undefined): TrustedProxiesResult {
  if (raw === undefined) return { cidrs: [] };
  const cidrs: string[] = [];
  for (const entry of raw.split(',').map((part) => part.trim())) {
    const slash = entry.indexOf('/');
    const address = slash === -1 ? entry : entry.slice(0, slash);
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    const prefix = slash === -1 ? bits : /^\d{1,3}$/.test(entry.slice(slash + 1)) ? Number(entry.slice(slash + 1)) : NaN;
    if (family === 0 || address.includes('%') || !(prefix >= 1 && prefix <= bits)) {
      // Quoting the entry is safe: it is an address, never a secret.
      return {
        problem: `BACKEND_TRUSTED_PROXIES has "${entry.slice(0, 60)}", which is not an address or a CIDR range (prefix 1 to ${bits}): expected ${TRUSTED_PROXIES_HINT}`,
      };
    }
    cidrs.push(entry);
  }
  return { cidrs };
}

/**
 * The key a client is rate limited by, from fastify's `request.ips` (the
 * socket address, then X-Forwarded-For read from the right for as long as the
 * hops are trusted proxies). The last entry is the client; if a trusted proxy
 * forwarded something that is not an address, that proxy is held to account.
 */
export function clientAddressKey(ips: readonly string[]): string {
  for (let index = ips.length - 1; index >= 0; index--) {
    const address = ips[index] as string;
    if (isIP(address) !== 0) return addressKey(address);
  }
  return 'unknown';
}

/**
 * IPv4 addresses as they are; IPv4-mapped IPv6 (::ffff:192.0.2.1) as IPv4, so
 * a dual-stack socket does not give a client a second key; other IPv6
 * addresses by their /64, since one subscriber is usually handed a whole /64
 * and could otherwise use a fresh address for every attempt.
 */
export function addressKey(address: string): string {
  if (isIP(address) === 4) return address;
  const groups = ipv6Groups(address);
  if (!groups) return address;
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (mapped) {
    const [high, low] = [groups[6] as number, groups[7] as number];
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  }
  return `${groups.slice(0, 4).map((group) => group.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (zone id dropped, a dotted IPv4 tail included). */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.split('%')[0] as string;
  if (isIP(text) !== 6) return undefined;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a, b, c, d] = tail.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = rest === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].map((group) => parseInt(group, 16));
}
