import type { BucketEntry } from '../../../../common/ipc';
import { asFolderPrefix, folderName } from './prefixes';

/**
 * What people call the places they browse. A session's home prefix is the
 * caller's IdentityId ("us-east-1:f7ae2b40-…/"), which means nothing to a
 * person: it is called "Home", or by the label the backend gave its entry.
 */

export const HOME_NAME = 'Home';

/** A bucket entry as browsing sees it: where it starts, and what that start is called. */
export interface StartPlace {
  bucket: string;
  /** The entry's prefix as a folder ('' for the whole bucket). */
  startPrefix: string;
  /** The backend's name for this entry ("My files"), if it gave one. */
  label: string | null;
  /** The start is the signed-in identity's own home (its IdentityId as the last folder). */
  home: boolean;
}

/** Whether `prefix` is `identityId`'s home: "<identityId>/" itself or ".../<identityId>/", as backends grant it. */
export function isHomePrefix(prefix: string, identityId: string): boolean {
  if (identityId === '') return false;
  const folder = asFolderPrefix(prefix);
  return folder === `${identityId}/` || folder.endsWith(`/${identityId}/`);
}

export function startPlaceOf(entry: BucketEntry, identityId: string): StartPlace {
  const startPrefix = asFolderPrefix(entry.prefix);
  return { bucket: entry.name, startPrefix, label: entry.label || null, home: isHomePrefix(startPrefix, identityId) };
}

/** The start's own name, when it has one better than its last folder: the label, else "Home"; null otherwise. */
export function startName(place: StartPlace): string | null {
  return place.label ?? (place.home ? HOME_NAME : null);
}

/** The name of the folder `prefix` for headings and the window title: the start's name there, else its last folder's. */
export function folderTitle(place: StartPlace, prefix: string): string {
  if (prefix === place.startPrefix) {
    const named = startName(place);
    if (named !== null) return named;
  }
  return prefix ? folderName(prefix) || prefix : place.bucket;
}

/**
 * Where `prefix` of `bucket` is, for a sentence ("Upload 3 files to My files/photos/?"):
 * below a named start, the path from that name; anywhere else, bucket/prefix as S3 has it.
 */
export function describeLocation(place: StartPlace, bucket: string, prefix: string): string {
  const named = startName(place);
  if (named !== null && bucket === place.bucket && prefix.startsWith(place.startPrefix)) {
    const rest = prefix.slice(place.startPrefix.length);
    return rest ? `${named}/${rest}` : named;
  }
  return prefix ? `${bucket}/${prefix}` : bucket;
}

/** A sidebar row: the entry's name, a second line saying where it is (null for none), and a tooltip. */
export interface EntryDescription {
  name: string;
  detail: string | null;
  /** The second line is an S3 path (shown in a code font) rather than a word such as "Home". */
  detailIsPath: boolean;
  tooltip: string;
  /** The identity's own home (drawn with a house rather than a bucket). */
  home: boolean;
}

export function describeBucketEntry(entry: BucketEntry, identityId: string): EntryDescription {
  const place = startPlaceOf(entry, identityId);
  const where = place.home ? entry.name : entry.prefix ? `${entry.name}/${entry.prefix}` : entry.name;
  const tooltip = place.home ? `Your home folder in ${entry.name}` : where;
  const { home } = place;
  // A long label is cut short in the sidebar: its tooltip has it whole.
  if (place.label !== null) {
    return { name: place.label, detail: where, detailIsPath: true, tooltip: `${place.label} — ${home ? `your home folder in ${entry.name}` : where}`, home };
  }
  if (home) return { name: entry.name, detail: HOME_NAME, detailIsPath: false, tooltip, home };
  return { name: entry.name, detail: entry.prefix || null, detailIsPath: true, tooltip, home };
}
