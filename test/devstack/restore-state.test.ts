import { describe, expect, it } from 'vitest';
import type { ObjectRecord } from '../../devstack/aws/s3/object-store';
import { parseRestoreRequest } from '../../devstack/aws/s3/restore-object';
import { isReadable, restoreExpiry, restoreHeader, restoreStatus } from '../../devstack/aws/s3/restore-state';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

function object(storageClass: string, restore: ObjectRecord['restore']): ObjectRecord {
  return {
    bucket: 'b',
    key: 'k',
    blob: 'blob',
    size: 1,
    etag: '"x"',
    lastModified: 0,
    contentType: 'text/plain',
    contentEncoding: null,
    storageClass,
    metadata: {},
    checksumAlgorithm: null,
    checksumValue: null,
    restore,
  };
}

describe('restore state', () => {
  it('expires a restored copy the given days after it completes, rounded up to the next midnight UTC', () => {
    expect(restoreExpiry(at('2026-03-10T10:30:00Z'), 3)).toBe(at('2026-03-14T00:00:00Z'));
    expect(restoreExpiry(at('2026-03-10T23:59:59Z'), 1)).toBe(at('2026-03-12T00:00:00Z'));
    // At midnight exactly, still the next one: the copy lasts at least the days asked for.
    expect(restoreExpiry(at('2026-03-10T00:00:00Z'), 1)).toBe(at('2026-03-12T00:00:00Z'));
  });

  it('follows the clock: none, ongoing until it completes, restored until it expires, then none again', () => {
    const archived = object('GLACIER', { completesAt: 10 * DAY, expiresAt: 12 * DAY });
    expect(restoreStatus(object('GLACIER', null), 11 * DAY)).toEqual({ state: 'none' });
    expect(restoreStatus(archived, 10 * DAY - 1)).toEqual({ state: 'ongoing' });
    expect(restoreStatus(archived, 10 * DAY)).toEqual({ state: 'restored', expiresAt: 12 * DAY });
    expect(restoreStatus(archived, 12 * DAY)).toEqual({ state: 'none' });
    expect(restoreHeader(archived, 9 * DAY)).toBe('ongoing-request="true"');
    expect(restoreHeader(archived, 11 * DAY)).toBe('ongoing-request="false", expiry-date="Tue, 13 Jan 1970 00:00:00 GMT"');
    expect(restoreHeader(archived, 12 * DAY)).toBeUndefined();
  });

  it('lets an archived object be read only while its restored copy exists', () => {
    const archived = object('DEEP_ARCHIVE', { completesAt: 10 * DAY, expiresAt: 12 * DAY });
    expect([9, 11, 12].map((day) => isReadable(archived, day * DAY))).toEqual([false, true, false]);
    expect(isReadable(object('STANDARD_IA', null), 0)).toBe(true);
  });
});

describe('RestoreRequest documents', () => {
  const document = (body: string) => `<RestoreRequest xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${body}</RestoreRequest>`;

  it('reads Days and GlacierJobParameters/Tier (Standard when absent)', () => {
    expect(parseRestoreRequest(document('<Days>7</Days><GlacierJobParameters><Tier>Bulk</Tier></GlacierJobParameters>'))).toEqual({ days: 7, tier: 'Bulk' });
    expect(parseRestoreRequest(document('<Days>1</Days>'))).toEqual({ days: 1, tier: 'Standard' });
  });

  it('refuses what S3 would not take as MalformedXML, and a SELECT restore as not emulated', () => {
    for (const body of ['', '<Days>0</Days>', '<Days>1.5</Days>', '<Days>x</Days>', '<Days>1</Days><GlacierJobParameters><Tier>Fast</Tier></GlacierJobParameters>']) {
      expect(() => parseRestoreRequest(document(body)), body).toThrow(expect.objectContaining({ code: 'MalformedXML' }));
    }
    expect(() => parseRestoreRequest('not xml <')).toThrow(expect.objectContaining({ code: 'MalformedXML' }));
    expect(() => parseRestoreRequest(document('<Type>SELECT</Type><Days>1</Days>'))).toThrow(expect.objectContaining({ code: 'NotImplemented' }));
  });
});
