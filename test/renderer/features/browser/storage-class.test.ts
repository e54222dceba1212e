import { describe, expect, it } from 'vitest';
import { isArchiveClass } from '../../../../renderer/src/features/browser/storageClass';

describe('storage classes', () => {
  it('treats Glacier Flexible Retrieval and Deep Archive as archived, Instant Retrieval not', () => {
    expect(isArchiveClass('GLACIER')).toBe(true);
    expect(isArchiveClass('DEEP_ARCHIVE')).toBe(true);
    expect(isArchiveClass('GLACIER_IR')).toBe(false);
    expect(isArchiveClass('STANDARD')).toBe(false);
  });
});
