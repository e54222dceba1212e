import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import { isMultipartETag, objectState } from '../../../main/operations/object-state';
import { multipartETag, verifyCopy, type ExpectedCopy } from '../../../main/operations/verify-copy';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const head = (overrides: Partial<HeadObjectCommandOutput> = {}) =>
  objectState({ $metadata: {}, ContentLength: 5, ETag: `"${md5('hello')}"`, ContentType: 'text/plain', Metadata: { owner: 'ann' }, ...overrides });
const expected = (overrides: Partial<ExpectedCopy> = {}): ExpectedCopy => ({
  size: 5,
  writtenETag: `"${md5('hello')}"`,
  contentETag: `"${md5('hello')}"`,
  checksum: null,
  contentType: 'text/plain',
  metadata: { owner: 'ann' },
  ...overrides,
});

describe('verifyCopy', () => {
  it('passes a copy that matches in size, ETags, type and metadata', () => {
    expect(verifyCopy(expected(), head())).toBeNull();
  });

  it('says what differs', () => {
    expect(verifyCopy(expected(), head({ ContentLength: 4 }))).toBe('it holds 4 bytes instead of 5');
    expect(verifyCopy(expected({ writtenETag: '"other"' }), head())).toBe('another object replaced it as it was written');
    expect(verifyCopy(expected({ contentETag: `"${md5('world')}"` }), head())).toBe('its ETag does not match the original’s bytes');
    expect(verifyCopy(expected(), head({ ContentType: 'application/octet-stream' }))).toBe('its content type was not kept');
    expect(verifyCopy(expected(), head({ Metadata: {} }))).toBe('its metadata was not kept');
    expect(verifyCopy(expected(), head({ Metadata: { owner: 'ann', extra: 'x' } }))).toBe('its metadata was not kept');
  });

  it('compares the content ETag only where it is an MD5 of the bytes: not under KMS or a customer key', () => {
    const other = `"${'0'.repeat(32)}"`;
    expect(verifyCopy(expected({ writtenETag: other }), head({ ETag: other, ServerSideEncryption: 'aws:kms' }))).toBeNull();
    expect(verifyCopy(expected({ writtenETag: other }), head({ ETag: other, SSECustomerAlgorithm: 'AES256' }))).toBeNull();
    expect(verifyCopy(expected({ writtenETag: other }), head({ ETag: other }))).toBe('its ETag does not match the original’s bytes');
  });

  it('compares full-object checksums of the same algorithm, never a composite one', () => {
    const crc = { algorithm: 'CRC32' as const, value: 'AAAAAA==', fullObject: true };
    expect(verifyCopy(expected({ checksum: crc }), head({ ChecksumCRC32: 'AAAAAA==', ChecksumType: 'FULL_OBJECT' }))).toBeNull();
    expect(verifyCopy(expected({ checksum: crc }), head({ ChecksumCRC32: 'BBBBBB==', ChecksumType: 'FULL_OBJECT' }))).toBe('its CRC32 checksum differs from the original’s');
    expect(verifyCopy(expected({ checksum: crc }), head({ ChecksumCRC32: 'BBBBBB==-3' }))).toBeNull();
    expect(verifyCopy(expected({ checksum: crc }), head({ ChecksumCRC32C: 'BBBBBB==', ChecksumType: 'FULL_OBJECT' }))).toBeNull();
    expect(verifyCopy(expected({ checksum: crc }), head())).toBeNull();
  });
});

describe('multipartETag', () => {
  it('is the MD5 of the parts’ MD5s, then the number of parts, as S3 computes it', () => {
    const parts = ['first part', 'second part', 'third'];
    const digest = createHash('md5');
    for (const part of parts) digest.update(createHash('md5').update(part).digest());
    expect(multipartETag(parts.map((part) => `"${md5(part)}"`))).toBe(`"${digest.digest('hex')}-3"`);
    expect(isMultipartETag(multipartETag(parts.map((part) => `"${md5(part)}"`))!)).toBe(true);
  });

  it('cannot be worked out unless every part’s ETag is an MD5', () => {
    expect(multipartETag([])).toBeNull();
    expect(multipartETag([`"${md5('a')}"`, undefined])).toBeNull();
    expect(multipartETag([`"${md5('a')}"`, '"not-an-md5"'])).toBeNull();
  });
});

describe('objectState', () => {
  it('reads checksums with their kind, and lower-cases metadata names', () => {
    expect(objectState({ $metadata: {}, ChecksumSHA256: 'abc=', Metadata: { Owner: 'ann' } })).toMatchObject({
      checksum: { algorithm: 'SHA256', value: 'abc=', fullObject: true },
      metadata: { owner: 'ann' },
      opaqueETag: false,
    });
    expect(objectState({ $metadata: {}, ChecksumCRC32: 'abc=-4' }).checksum).toMatchObject({ fullObject: false });
    expect(objectState({ $metadata: {}, ChecksumCRC32: 'abc=', ChecksumType: 'COMPOSITE' }).checksum).toMatchObject({ fullObject: false });
    expect(objectState({ $metadata: {} }).checksum).toBeNull();
  });
});
