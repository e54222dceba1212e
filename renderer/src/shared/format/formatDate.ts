const formatters = new Map<string, Intl.DateTimeFormat>();
/** Texts already formatted, per formatter: a scrolling table asks for the same few dates over and over. */
const texts = new Map<string, Map<string, string>>();
/** Beyond this many texts per formatter the cache starts again, so a folder of all-different dates cannot grow it without end. */
export const MAX_CACHED_DATES = 10_000;

/**
 * A timestamp in the user's locale, date and time, e.g. "12 Mar 2025, 14:03".
 * Returns an em dash for a missing or unreadable value. Formatters and their
 * answers are kept: building a formatter costs far more than using it, and
 * formatting itself (ICU) costs more than a lookup, in a list that formats a
 * row's date every time the row is drawn.
 */
export function formatDateTime(iso: string | null | undefined, locale?: string, timeZone?: string): string {
  if (!iso) return '—';
  const key = `${locale ?? ''}\n${timeZone ?? ''}`;
  let cache = texts.get(key);
  const known = cache?.get(iso);
  if (known !== undefined) return known;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    formatters.set(key, formatter);
  }
  const text = formatter.format(date);
  if (!cache || cache.size >= MAX_CACHED_DATES) {
    cache = new Map();
    texts.set(key, cache);
  }
  cache.set(iso, text);
  return text;
}
