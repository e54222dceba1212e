/**
 * Scrubs token-shaped text: JWTs, and long opaque runs of base64/hex characters
 * (refresh tokens, AWS secret keys and session tokens, access key ids).
 * Messages we compose never contain secrets; this guards the ones we did not
 * compose (errors from libraries) before they reach a log line.
 */
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{12,}\b/g;
const OPAQUE = /[A-Za-z0-9+/_=-]{32,}/g;

export function redactSecrets(text: string): string {
  return text.replace(JWT, '[redacted]').replace(ACCESS_KEY_ID, '[redacted]').replace(OPAQUE, '[redacted]');
}
