const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The feed must be https: (plain http only on this computer, for development
 * and tests). Its signature is checked anyway; https keeps who updates what
 * and when private. Returns why not, or null when the address will do.
 */
export function feedUrlProblem(url: string): string | null {
  if (!URL.canParse(url)) return 'The update feed address is not a valid address.';
  const parsed = new URL(url);
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname)) return null;
  return 'The update feed address must start with https://.';
}

/** How a feed appears in the log: its origin only, since a path or query may carry an organisation's access key. */
export function describeFeed(url: string): string {
  return URL.canParse(url) ? new URL(url).origin : 'an invalid address';
}

/** user:password@ in any address inside a library's message. */
const URL_CREDENTIALS = /(\/\/)[^/\s@]+@/g;

export function withoutUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1');
}
