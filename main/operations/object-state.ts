import type { HeadObjectCommandOutput } from '@aws-sdk/client-s3';

/** A checksum S3 keeps for an object. */
export interface StoredChecksum {
  algorithm: 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';
  value: string;
  /** Of the whole object's bytes (comparable between two objects); a multipart object's COMPOSITE one is a checksum of its parts' checksums. */
  fullObject: boolean;
}

/** What a copy needs to know of an object, from one HEAD (with x-amz-checksum-mode: ENABLED). */
export interface ObjectState {
  size: number;
  eTag: string | undefined;
  contentType: string | undefined;
  /** User metadata (x-amz-meta-*), names lower-cased. */
  metadata: Record<string, string>;
  checksum: StoredChecksum | null;
  /**
   * Encrypted with KMS or a customer key: its ETag is then not the MD5 of its
   * bytes, so two such objects with the same bytes have different ETags.
   */
  opaqueETag: boolean;
  head: HeadObjectCommandOutput;
}

const ALGORITHMS = ['CRC64NVME', 'CRC32', 'CRC32C', 'SHA256', 'SHA1'] as const;

export function objectState(head: HeadObjectCommandOutput): ObjectState {
  const encryption = head.ServerSideEncryption ?? '';
  return {
    size: head.ContentLength ?? 0,
    eTag: head.ETag,
    contentType: head.ContentType,
    metadata: Object.fromEntries(Object.entries(head.Metadata ?? {}).map(([name, value]) => [name.toLowerCase(), value])),
    checksum: storedChecksum(head),
    opaqueETag: encryption.startsWith('aws:kms') || head.SSECustomerAlgorithm !== undefined,
    head,
  };
}

function storedChecksum(head: HeadObjectCommandOutput): StoredChecksum | null {
  for (const algorithm of ALGORITHMS) {
    const value = head[`Checksum${algorithm}`];
    if (typeof value !== 'string' || value === '') continue;
    // Without a type (older answers), a composite checksum shows itself by its "-<parts>" ending.
    const fullObject = head.ChecksumType ? head.ChecksumType === 'FULL_OBJECT' : !/-\d+$/.test(value);
    return { algorithm, value, fullObject };
  }
  return null;
}

/** "…-3": the ETag of an object S3 put together from parts, which is not the MD5 of its bytes. */
export function isMultipartETag(eTag: string | undefined): boolean {
  return eTag !== undefined && /-\d+"?$/.test(eTag);
}

/** An ETag that is the MD5 of an object's (or a part's) bytes: 32 hex digits, quoted or not. */
export function isMd5ETag(eTag: string | undefined): eTag is string {
  return eTag !== undefined && /^"?[0-9a-fA-F]{32}"?$/.test(eTag);
}
