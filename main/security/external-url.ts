/**
 * Whether a link may be handed to the OS browser: https only (no file:,
 * javascript:, custom protocol handlers that could launch programs), no
 * embedded credentials, a real host, a sane length.
 */
export function isSafeExternalUrl(url: string): boolean {
  if (url.length > 2048) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
}
