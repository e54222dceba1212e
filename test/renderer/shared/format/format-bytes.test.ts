// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../../renderer/src/shared/format/formatBytes';

describe('formatBytes', () => {
  it('counts small sizes in bytes, singular for one', () => {
    expect(formatBytes(0, 'en-US')).toBe('0 bytes');
    expect(formatBytes(1, 'en-US')).toBe('1 byte');
    expect(formatBytes(1023, 'en-US')).toBe('1,023 bytes');
  });

  it('uses binary units with one decimal below ten and whole numbers above', () => {
    expect(formatBytes(1024, 'en-US')).toBe('1 KB');
    expect(formatBytes(1536, 'en-US')).toBe('1.5 KB');
    expect(formatBytes(24 * 1024 + 300, 'en-US')).toBe('24 KB');
    expect(formatBytes(3.25 * 1024 ** 3, 'en-US')).toBe('3.3 GB');
    expect(formatBytes(5 * 1024 ** 4, 'en-US')).toBe('5 TB');
  });

  it('moves to the next unit rather than showing 1024 of the smaller one', () => {
    expect(formatBytes(1024 * 1024 - 1, 'en-US')).toBe('1 MB');
  });

  it('shows a dash for sizes that cannot be real', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});
