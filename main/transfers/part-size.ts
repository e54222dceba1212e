import { ServiceError } from '../shared/errors';

const MIB = 1024 * 1024;
/** S3's limits for one multipart upload. */
export const MAX_PARTS = 10_000;
export const MAX_PART_BYTES = 5 * 1024 * MIB;
export const MAX_OBJECT_BYTES = 5 * 1024 * 1024 * MIB;

/**
 * The part size for a file of `size` bytes: the preferred size while the
 * file fits in 10,000 parts of it, else the smallest whole number of MiB that
 * does — so every object S3 accepts (up to 5 TiB) fits, and a large file is
 * refused before its first byte is sent rather than at part 10,001.
 */
export function partSizeFor(size: number, preferred: number): number {
  if (size > MAX_OBJECT_BYTES) {
    throw new ServiceError('invalid_input', 'This file is larger than 5 TiB, the most Amazon S3 stores in one object.');
  }
  if (Math.ceil(size / preferred) <= MAX_PARTS) return preferred;
  return Math.min(MAX_PART_BYTES, Math.ceil(size / MAX_PARTS / MIB) * MIB);
}
