import { isIP } from 'node:net';
import { ServiceError } from '../shared/errors';

/** A validated backend address: where to send requests, and how to name it to a person. */
export interface BackendEndpoint {
  /** e.g. https://desk.example.com — identifies the backend in the keychain and in the UI. */
  origin: string;
  /** origin plus any path prefix, without a trailing slash, e.g. https://example.com/s3desk */
  baseUrl: string;
  /** The host (and port, if any) alone, for messages. */
  host: string;
}

const invalid = (why: string) => new ServiceError('invalid_backend_url', why);

/**
 * Parses what a person typed as the backend address. A bare host means https;
 * a path prefix is kept (a backend may live under /s3desk); plain http is
 * only allowed for this machine, because passwords and tokens cross this link.
 */
export function parseBackendUrl(input: string): BackendEndpoint {
  const text = input.trim();
  if (text === '') throw invalid('Enter your organisation’s S3 Desk address, for example https://desk.example.com.');
  if (/\s/.test(text)) throw invalid('The S3 Desk address cannot contain spaces.');

  // "desk.example.com" or "desk.example.com:8443/base" → https://…; anything with a scheme keeps it.
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `https://${text}`);
  } catch {
    throw invalid('That is not a valid web address. Use the form https://desk.example.com.');
  }

  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid(`The S3 Desk address must start with https:// (not ${url.protocol}).`);
  }
  if (url.username !== '' || url.password !== '') {
    throw invalid('The S3 Desk address must not contain a username or password; enter those in the sign-in form.');
  }
  if (url.hostname === '') throw invalid('The S3 Desk address has no host name.');
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw invalid(`The S3 Desk address must use https:// — plain http:// is only allowed for this computer (localhost). Try https://${url.host}.`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw invalid('The S3 Desk address must not contain a query (?…) or fragment (#…).');
  }

  const path = url.pathname.replace(/\/+$/, '');
  return { origin: url.origin, baseUrl: `${url.origin}${path}`, host: url.host };
}

/**
 * Addresses whose traffic never leaves this computer: 127.0.0.0/8, ::1,
 * localhost (and *.localhost, which resolvers may map to it), and the
 * unspecified 0.0.0.0/8 and ::, which connect to this computer too. An
 * IPv4-mapped IPv6 address counts as its IPv4 address. The WHATWG URL parser
 * has already normalised spellings such as 127.1, 0x7f.1 or 2130706433.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  // Only 'localhost' and its subdomains: other names could resolve anywhere.
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.') || host.startsWith('0.');
  if (isIP(host) !== 6) return false;
  const mapped = /^(?:::|(?:0{1,4}:){5})ffff:((?:\d+\.){3}\d+|[0-9a-f]{1,4}:[0-9a-f]{1,4})$/.exec(host)?.[1];
  if (mapped !== undefined) return isLoopbackHost(mappedIpv4(mapped));
  const groups = expandIpv6(host);
  return groups.slice(0, 7).every((group) => group === 0) && (groups[7] === 1 || groups[7] === 0);
}

/** 'ffff:' followed by '127.0.0.1' or '7f00:1' (how URL writes it) → the dotted IPv4 address. */
function mappedIpv4(tail: string): string {
  if (isIP(tail) === 4) return tail;
  const [high = '', low = ''] = tail.split(':');
  const value = (Number.parseInt(high, 16) << 16) | Number.parseInt(low, 16);
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** The eight 16-bit groups of an IPv6 address without an embedded IPv4 part. */
function expandIpv6(host: string): number[] {
  const [head = '', tail] = host.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}
