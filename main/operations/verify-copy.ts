import { createHash } from 'node:crypto';
import { isMd5ETag, type ObjectState, type StoredChecksum } from './object-state';

/** What the destination of a finished copy must show, worked out from its source and the copy's answers. */
export interface ExpectedCopy {
  size: number;
  /** The ETag S3 answered the copy with (CopyObject, or CompleteMultipartUpload): the destination is the object this copy wrote. */
  writtenETag: string | undefined;
  /**
   * The ETag the destination's bytes must have when it can be known: the
   * source's own for a CopyObject of a single-part source, or the multipart
   * ETag worked out from the parts' MD5s. Null when it cannot (a multipart
   * source copied whole, or ETags that are not MD5s because of KMS).
   */
  contentETag: string | null;
  /** The source's full-object checksum, if it has one. */
  checksum: StoredChecksum | null;
  contentType: string | undefined;
  metadata: Record<string, string>;
}

/**
 * Whether a copy's destination (as a HEAD sees it after the copy) is what
 * the copy should have made: the reason it is not, or null. Size, the ETag
 * the copy wrote, the content's ETag where it can be known (always the case
 * for unencrypted single-part sources and for multipart copies), a
 * full-object checksum where both ends have one of the same algorithm, and
 * the content type and user metadata the copy was to keep.
 */
export function verifyCopy(expected: ExpectedCopy, destination: ObjectState): string | null {
  if (destination.size !== expected.size) return `it holds ${destination.size} bytes instead of ${expected.size}`;
  if (expected.writtenETag !== undefined && !sameETag(destination.eTag, expected.writtenETag)) {
    return 'another object replaced it as it was written';
  }
  if (expected.contentETag !== null && !destination.opaqueETag && !sameETag(destination.eTag, expected.contentETag)) {
    return 'its ETag does not match the original’s bytes';
  }
  const { checksum } = expected;
  const theirs = destination.checksum;
  if (checksum?.fullObject && theirs?.fullObject && theirs.algorithm === checksum.algorithm && theirs.value !== checksum.value) {
    return `its ${checksum.algorithm} checksum differs from the original’s`;
  }
  if (expected.contentType !== undefined && destination.contentType !== expected.contentType) return 'its content type was not kept';
  if (!sameMetadata(destination.metadata, expected.metadata)) return 'its metadata was not kept';
  return null;
}

/**
 * The ETag S3 gives an object completed from parts with these ETags: the MD5
 * of the parts' MD5s, then "-" and the number of parts. Null unless every
 * part's ETag is an MD5 (with KMS they are not).
 */
export function multipartETag(partETags: ReadonlyArray<string | undefined>): string | null {
  if (partETags.length === 0 || !partETags.every(isMd5ETag)) return null;
  const md5 = createHash('md5');
  for (const eTag of partETags as string[]) md5.update(Buffer.from(unquote(eTag), 'hex'));
  return `"${md5.digest('hex')}-${partETags.length}"`;
}

function sameETag(a: string | undefined, b: string): boolean {
  return a !== undefined && unquote(a).toLowerCase() === unquote(b).toLowerCase();
}

function unquote(eTag: string): string {
  return eTag.replace(/^"|"$/g, '');
}

function sameMetadata(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}
