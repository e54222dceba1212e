import type { ObjectDetails } from '../../common/ipc';

/**
 * Storage classes whose objects cannot be read until restored. GLACIER_IR
 * (Instant Retrieval) is readable like STANDARD, so it is not among them.
 */
export const ARCHIVE_STORAGE_CLASSES: ReadonlySet<string> = new Set(['GLACIER', 'DEEP_ARCHIVE']);

export function isArchiveClass(storageClass: string): boolean {
  return ARCHIVE_STORAGE_CLASSES.has(storageClass);
}

export type ArchiveState = NonNullable<ObjectDetails['archive']>;

/**
 * The x-amz-restore header of an archived object: absent when no restore
 * was asked for, `ongoing-request="true"` while one runs, and
 * `ongoing-request="false", expiry-date="Fri, 21 Dec 2012 00:00:00 GMT"`
 * while a restored copy can be read.
 */
export function parseRestore(header: string | undefined): ArchiveState {
  if (!header) return { restoreStatus: 'not-restored', restoredUntil: null };
  const ongoing = /ongoing-request\s*=\s*"([^"]*)"/i.exec(header)?.[1]?.toLowerCase();
  if (ongoing === 'true') return { restoreStatus: 'restoring', restoredUntil: null };
  if (ongoing !== 'false') return { restoreStatus: 'not-restored', restoredUntil: null };
  const expiry = /expiry-date\s*=\s*"([^"]*)"/i.exec(header)?.[1];
  const time = expiry ? Date.parse(expiry) : Number.NaN;
  return { restoreStatus: 'restored', restoredUntil: Number.isNaN(time) ? null : new Date(time).toISOString() };
}
