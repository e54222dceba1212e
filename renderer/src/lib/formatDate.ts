/**
 * A timestamp in the user's locale, date and time, e.g. "12 Mar 2025, 14:03".
 * Returns an em dash for a missing or unreadable value.
 */
export function formatDateTime(iso: string | null | undefined, locale?: string, timeZone?: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}
