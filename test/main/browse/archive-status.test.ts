import { describe, expect, it } from 'vitest';
import { isArchiveClass, parseRestore } from '../../../main/browse/archive-status';

describe('archive status', () => {
  it('GLACIER and DEEP_ARCHIVE need a restore; GLACIER_IR and STANDARD do not', () => {
    expect(isArchiveClass('GLACIER')).toBe(true);
    expect(isArchiveClass('DEEP_ARCHIVE')).toBe(true);
    expect(isArchiveClass('GLACIER_IR')).toBe(false);
    expect(isArchiveClass('STANDARD')).toBe(false);
  });

  it('parses the x-amz-restore header', () => {
    expect(parseRestore(undefined)).toEqual({ restoreStatus: 'not-restored', restoredUntil: null });
    expect(parseRestore('ongoing-request="true"')).toEqual({ restoreStatus: 'restoring', restoredUntil: null });
    expect(parseRestore('ongoing-request="false", expiry-date="Fri, 21 Dec 2012 00:00:00 GMT"')).toEqual({
      restoreStatus: 'restored',
      restoredUntil: '2012-12-21T00:00:00.000Z',
    });
    expect(parseRestore('ongoing-request="false"')).toEqual({ restoreStatus: 'restored', restoredUntil: null });
    expect(parseRestore('garbage')).toEqual({ restoreStatus: 'not-restored', restoredUntil: null });
  });
});
