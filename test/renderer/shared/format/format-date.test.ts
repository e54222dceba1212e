import { describe, expect, it } from 'vitest';
import { formatDateTime, MAX_CACHED_DATES } from '../../../../renderer/src/shared/format/formatDate';

const AT = '2026-03-12T14:03:27.000Z';

describe('formatDateTime', () => {
  it('writes a date and time in the locale and time zone asked for', () => {
    expect(formatDateTime(AT, 'en-GB', 'UTC')).toBe('12 Mar 2026, 14:03');
    expect(formatDateTime(AT, 'en-US', 'America/New_York')).toBe('Mar 12, 2026, 10:03 AM');
    expect(formatDateTime(AT, 'de-DE', 'Europe/Berlin')).toBe('12.03.2026, 15:03');
  });

  it('answers an em dash for a missing or unreadable date', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
    expect(formatDateTime('')).toBe('—');
    expect(formatDateTime('yesterday-ish', 'en-GB', 'UTC')).toBe('—');
  });

  it('gives the same text for the same date in one locale, and its own for another, whatever was formatted before', () => {
    const first = formatDateTime(AT, 'en-GB', 'UTC');
    // More dates than the cache keeps, so the first one has been forgotten and is formatted again.
    for (let i = 0; i <= MAX_CACHED_DATES; i++) formatDateTime(new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString(), 'en-GB', 'UTC');
    expect(formatDateTime(AT, 'en-GB', 'UTC')).toBe(first);
    expect(formatDateTime(AT, 'en-GB', 'Asia/Tokyo')).toBe('12 Mar 2026, 23:03');
    expect(formatDateTime(AT, 'en-GB', 'UTC')).toBe('12 Mar 2026, 14:03');
  });
});
