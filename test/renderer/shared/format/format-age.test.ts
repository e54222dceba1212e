import { describe, expect, it } from 'vitest';
import { formatAge, formatDuration } from '../../../../renderer/src/shared/format/formatAge';

describe('ages and durations', () => {
  const now = Date.parse('2025-03-12T14:03:00Z');
  it('says how long ago in a status-line voice', () => {
    expect(formatAge(now - 3_000, now)).toBe('just now');
    expect(formatAge(now - 45_000, now)).toBe('45 s ago');
    expect(formatAge(now - 3 * 60_000, now)).toBe('3 min ago');
    expect(formatAge(now - 2 * 3_600_000, now)).toBe('2 h ago');
    expect(formatAge(now - 26 * 3_600_000, now)).toBe('1 day ago');
  });

  it('counts time left', () => {
    expect(formatDuration(7.2)).toBe('8 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(3_900)).toBe('1 h 5 min');
  });
});
