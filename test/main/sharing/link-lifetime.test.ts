import { describe, expect, it } from 'vitest';
import { linkLifetime } from '../../../main/sharing/link-lifetime';

const HOUR = 3600;

describe('linkLifetime: what the user asked, cut down to the nearest limit', () => {
  it('keeps the asked lifetime when nothing ends sooner', () => {
    expect(linkLifetime(HOUR, { credentialsLeftMs: 2 * HOUR * 1000, restoredCopyLeftMs: null })).toEqual({ seconds: HOUR, cappedBy: null });
    expect(linkLifetime(HOUR, { credentialsLeftMs: null, restoredCopyLeftMs: null })).toEqual({ seconds: HOUR, cappedBy: null });
  });

  it('stops with the credentials the link is signed with, when they expire first', () => {
    expect(linkLifetime(24 * HOUR, { credentialsLeftMs: 50 * 60_000, restoredCopyLeftMs: null })).toEqual({ seconds: 50 * 60, cappedBy: 'credentials' });
  });

  it('stops with an archived file’s restored copy, when it goes first', () => {
    expect(linkLifetime(7 * 24 * HOUR, { credentialsLeftMs: null, restoredCopyLeftMs: 2 * 24 * HOUR * 1000 })).toEqual({
      seconds: 2 * 24 * HOUR,
      cappedBy: 'restored-copy',
    });
  });

  it('names the limit that comes first when both do', () => {
    expect(linkLifetime(7 * 24 * HOUR, { credentialsLeftMs: 40 * 60_000, restoredCopyLeftMs: 24 * HOUR * 1000 })).toEqual({ seconds: 40 * 60, cappedBy: 'credentials' });
    expect(linkLifetime(7 * 24 * HOUR, { credentialsLeftMs: 24 * HOUR * 1000, restoredCopyLeftMs: 40 * 60_000 })).toEqual({ seconds: 40 * 60, cappedBy: 'restored-copy' });
  });

  it('rounds a limit down to whole seconds, so the link never outlives its credentials', () => {
    expect(linkLifetime(HOUR, { credentialsLeftMs: 1_799_999, restoredCopyLeftMs: null })).toEqual({ seconds: 1_799, cappedBy: 'credentials' });
  });

  it('is not capped by a limit that falls exactly on the asked expiry', () => {
    expect(linkLifetime(HOUR, { credentialsLeftMs: HOUR * 1000, restoredCopyLeftMs: null })).toEqual({ seconds: HOUR, cappedBy: null });
  });

  it('says zero rather than a negative lifetime for a limit already past', () => {
    expect(linkLifetime(HOUR, { credentialsLeftMs: -5_000, restoredCopyLeftMs: null })).toEqual({ seconds: 0, cappedBy: 'credentials' });
  });
});
