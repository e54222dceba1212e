export type BackendUrlCheck =
  | { ok: true; /** A full URL to send: bare hosts get https:// (http:// for this computer). */ url: string }
  | { ok: false; message: string };

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** Whether a URL hostname points at this computer (where plain http is allowed). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host);
}

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const BARE_HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:\d{1,5})?(\/\S*)?$/i;

/**
 * Checks the shape of an organisation address before it is sent: an http(s)
 * URL or a bare host ("desk.example.com", "localhost:8787"). https is required,
 * except for this computer (localhost, 127.x.x.x, [::1]). The main process
 * checks again; this only catches typing mistakes early and explains them.
 */
export function checkBackendUrl(input: string): BackendUrlCheck {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'Enter your organisation’s address.' };
  if (/\s/.test(text)) return { ok: false, message: 'The address can’t contain spaces.' };

  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  let candidate: string;
  if (scheme === 'http' || scheme === 'https') {
    candidate = text;
  } else if (scheme !== undefined && !/^[^:/]+:\d/.test(text)) {
    return { ok: false, message: `Use an https:// address, not ${scheme}:.` };
  } else if (BARE_HOST.test(text)) {
    const hostPart = text.split(/[/]/)[0] ?? '';
    const hostname = hostPart.startsWith('[') ? hostPart.slice(0, hostPart.indexOf(']') + 1) : (hostPart.split(':')[0] ?? '');
    candidate = `${isLoopbackHost(hostname) ? 'http' : 'https'}://${text}`;
  } else {
    return { ok: false, message: 'Enter an address like desk.example.com or https://desk.example.com.' };
  }

  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { ok: false, message: 'Enter an address like desk.example.com or https://desk.example.com.' };
  }
  if (!url.hostname) return { ok: false, message: 'The address needs a host name, like desk.example.com.' };
  if (url.username || url.password) {
    return { ok: false, message: 'Leave your username and password out of the address.' };
  }
  if (url.search || url.hash) return { ok: false, message: 'The address can’t contain ? or #.' };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return { ok: false, message: 'Use https:// — plain http is only allowed for localhost.' };
  }
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '');
  return { ok: true, url: `${url.protocol}//${url.host}${path}` };
}

/** The host to show for a backend origin: "https://desk.example.com" → "desk.example.com". */
export function displayHost(origin: string): string {
  try {
    return new URL(origin).host || origin;
  } catch {
    return origin;
  }
}
