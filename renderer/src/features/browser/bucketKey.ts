import type { BucketEntry } from '../../../../common/ipc';

/** One bucket may be granted at more than one start prefix, so both make the identity. */
export function bucketKey(bucket: Pick<BucketEntry, 'name' | 'prefix'>): string {
  return `${bucket.name}/${bucket.prefix}`;
}
