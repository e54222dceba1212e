const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A timestamp in the user's locale, date and time, e.g. "12 Mar 2025, 14:03".
 * Returns an em dash for a missing or unreadable value. Formatters are kept:
 * building one costs far more than using it, and a list formats many dates.
 */
export function formatDateTime(iso: string | null | undefined, locale?: string, timeZone?: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const key = `${locale ?? ''}\n${timeZone ?? ''}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    formatters.set(key, formatter);
  }
  return formatter.format(date);
}
