import { createHash } from 'node:crypto';
import { Crc32, Crc32c, Crc64Nvme } from '@aws-sdk/checksums/crc';
import type { IncomingHttpHeaders } from 'node:http';

/** The flexible checksum algorithms S3 accepts, by the suffix of their x-amz-checksum-* header. */
export const CHECKSUM_ALGORITHMS = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

export interface IncrementalChecksum {
  update(data: Uint8Array): void;
  digestBase64(): Promise<string>;
}

export function createChecksum(algorithm: ChecksumAlgorithm): IncrementalChecksum {
  if (algorithm === 'sha1' || algorithm === 'sha256') {
    const hash = createHash(algorithm);
    return { update: (d) => void hash.update(d), digestBase64: async () => hash.digest('base64') };
  }
  const crc = algorithm === 'crc32' ? new Crc32() : algorithm === 'crc32c' ? new Crc32c() : new Crc64Nvme();
  return {
    update: (d) => crc.update(d),
    digestBase64: async () => Buffer.from(await crc.digest()).toString('base64'),
  };
}

export function isChecksumAlgorithm(name: string): name is ChecksumAlgorithm {
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(name);
}

/**
 * Which checksum the request carries (in a header, or announced for the
 * aws-chunked trailer) and the value when it is in a header.
 */
export function requestedChecksum(headers: IncomingHttpHeaders): { algorithm: ChecksumAlgorithm; value?: string } | undefined {
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const value = headers[`x-amz-checksum-${algorithm}`];
    if (typeof value === 'string') return { algorithm, value };
  }
  const trailer = headers['x-amz-trailer'];
  if (typeof trailer === 'string') {
    const name = trailer.trim().toLowerCase().replace(/^x-amz-checksum-/, '');
    if (isChecksumAlgorithm(name)) return { algorithm: name };
  }
  const announced = headers['x-amz-sdk-checksum-algorithm'];
  if (typeof announced === 'string' && isChecksumAlgorithm(announced.toLowerCase())) {
    return { algorithm: announced.toLowerCase() as ChecksumAlgorithm };
  }
  return undefined;
}
