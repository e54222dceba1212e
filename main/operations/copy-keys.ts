import { parentFolder } from '../../common/ipc';
import { ServiceError } from '../shared/errors';
import { byteLength, splitExtension, truncateToBytes } from '../transfers/local-path';

/** S3 keys are at most 1,024 bytes of UTF-8; unlike a local file name, a key's segments have no limit of their own. */
export const MAX_KEY_BYTES = 1024;

/**
 * x-amz-copy-source for an object: `bucket/key`, the key percent-encoded
 * segment by segment (S3 decodes the whole value once). Every character that
 * means something in a URL — '%', '+', '#', '?', '&', spaces, non-ASCII — is
 * encoded, so "a+b=c.txt" is not read as "a b=c.txt" and "question?.txt" does
 * not end at a query; the '/'s stay, as in S3's own examples.
 */
export function copySource(bucket: string, key: string): string {
  try {
    return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  } catch {
    // Only a lone UTF-16 surrogate fails to encode: no key S3 listed can hold one.
    throw new ServiceError('invalid_input', 'This object name is not valid UTF-8, so it cannot be copied.');
  }
}

/** Where the objects of a selection go: each selected item keeps its name (or takes `rename`'s) below the destination folder. */
export interface KeyMapping {
  /** The folder the selected items are in. */
  sourcePrefix: string;
  destinationPrefix: string;
  /** A rename: the one selected item (a key, or a folder prefix ending in '/') and its new name. */
  rename?: { item: string; newName: string };
}

/** The destination key of an object of the selection: "a/photos/x.jpg" from "a/" into "b/" is "b/photos/x.jpg". */
export function destinationKey(sourceKey: string, mapping: KeyMapping): string {
  if (!sourceKey.startsWith(mapping.sourcePrefix)) throw new Error('This key is not in the folder of the selection.');
  let relative = sourceKey.slice(mapping.sourcePrefix.length);
  const { rename } = mapping;
  if (rename) {
    const item = rename.item.slice(mapping.sourcePrefix.length);
    if (!relative.startsWith(item)) throw new Error('This key is not part of the renamed item.');
    relative = (item.endsWith('/') ? `${rename.newName}/` : rename.newName) + relative.slice(item.length);
  }
  return mapping.destinationPrefix + relative;
}

/**
 * "name (n).ext" beside "name.ext" in the same folder, as Finder and Explorer
 * name a kept copy (local-path.ts's withCopyNumber does it for local files).
 * S3 only limits the whole key, so the name is shortened (never inside a
 * character) only if the key would pass 1,024 bytes; null when even that
 * cannot make it fit (the folder alone is too long).
 */
export function numberedKey(key: string, copy: number): string | null {
  const folder = parentFolder(key);
  const { stem, extension } = splitExtension(key.slice(folder.length));
  const suffix = ` (${copy})`;
  const room = MAX_KEY_BYTES - byteLength(folder) - byteLength(suffix) - byteLength(extension);
  const shortened = truncateToBytes(stem, room);
  if (shortened === '') return null;
  return `${folder}${shortened}${suffix}${extension}`;
}

export function fitsInKey(key: string): boolean {
  return byteLength(key) <= MAX_KEY_BYTES;
}

