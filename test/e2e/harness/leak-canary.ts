/**
 * Finds secrets in text the renderer could see. Returns, per place, which kind
 * of secret appeared — never the secret itself, so a failing test does not
 * print credentials either.
 */
export function findLeaks(secrets: Map<string, string>, places: Record<string, string>): string[] {
  const leaks: string[] = [];
  for (const [place, text] of Object.entries(places)) {
    for (const [secret, kind] of secrets) {
      if (secret.length >= 12 && text.includes(secret)) leaks.push(`${kind} found in ${place}`);
    }
  }
  return leaks;
}

/**
 * Wraps fetch so that every token the backend hands out during the run is
 * known to the canary (the emulator reports its own secrets separately).
 */
export function recordBackendSecrets(backendUrl: string, into: Map<string, string>): () => void {
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const response = await original(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(backendUrl) && response.headers.get('content-type')?.includes('json')) {
      const body = (await response.clone().json().catch(() => null)) as { token?: unknown; refreshToken?: unknown } | null;
      if (typeof body?.token === 'string') into.set(body.token, 'OpenID token');
      if (typeof body?.refreshToken === 'string') into.set(body.refreshToken, 'refresh token');
    }
    return response;
  };
  return () => {
    globalThis.fetch = original;
  };
}
