import { S3Error } from './errors';
import { ARCHIVE_STORAGE_CLASSES } from './context';
import type { ObjectRecord } from './object-store';

const DAY_MS = 86_400_000;

/**
 * Where an archived object's restore stands at `now`. Nothing is stored when
 * a restore finishes or its copy expires: both follow from the recorded times
 * and the emulator's clock, so tests move the clock instead of waiting.
 */
export type RestoreStatus = { state: 'none' } | { state: 'ongoing' } | { state: 'restored'; expiresAt: number };

export function restoreStatus(object: ObjectRecord, now: number): RestoreStatus {
  const restore = object.restore;
  if (!restore || now >= restore.expiresAt) return { state: 'none' };
  if (now < restore.completesAt) return { state: 'ongoing' };
  return { state: 'restored', expiresAt: restore.expiresAt };
}

/** The x-amz-restore header S3 sends on GET and HEAD of an object with a restore in progress or done. */
export function restoreHeader(object: ObjectRecord, now: number): string | undefined {
  const status = restoreStatus(object, now);
  if (status.state === 'ongoing') return 'ongoing-request="true"';
  if (status.state === 'restored') return `ongoing-request="false", expiry-date="${new Date(status.expiresAt).toUTCString()}"`;
  return undefined;
}

/** Whether the object's bytes can be read now: not archived, or archived with a restored copy. */
export function isReadable(object: ObjectRecord, now: number): boolean {
  return !ARCHIVE_STORAGE_CLASSES.has(object.storageClass) || restoreStatus(object, now).state === 'restored';
}

/**
 * S3's expiry of a restored copy: the days asked for, counted from when the
 * restore completes (or, for a repeat request, from now), rounded up to the
 * next midnight UTC.
 */
export function restoreExpiry(from: number, days: number): number {
  return (Math.floor((from + days * DAY_MS) / DAY_MS) + 1) * DAY_MS;
}

/** GetObject of an object whose bytes are in an archive. */
export function archivedObjectError(object: ObjectRecord): S3Error {
  return new S3Error(403, 'InvalidObjectState', "The operation is not valid for the object's storage class", { StorageClass: object.storageClass });
}
