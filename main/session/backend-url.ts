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

/** 127.0.0.0/8, ::1 and localhost: traffic that never leaves this computer. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  // Only 'localhost' itself: other names could resolve anywhere.
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}
