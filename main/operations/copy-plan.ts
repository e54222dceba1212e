import type { S3Client } from '@aws-sdk/client-s3';
import { parentFolder, type CopyMode, type PlanCopyRequest, type PlanRenameRequest } from '../../common/ipc';
import { mapS3Error } from '../aws/s3-errors';
import { isFolderMarker, listRecursive, type ListedObject } from '../browse/list-recursive';
import { describeKeys } from '../browse/selected-keys';
import { ServiceError } from '../shared/errors';
import { chosenItems } from '../transfers/download-listing';
import type { ChosenItems } from '../transfers/job';
import { destinationKey, fitsInKey, type KeyMapping } from './copy-keys';

/** A copy, move or rename as main plans it: the selection, where it goes, and how it is named there. */
export interface CopyRequest extends KeyMapping {
  mode: CopyMode;
  sourceBucket: string;
  keys: string[];
  prefixes: string[];
  destinationBucket: string;
}

/** One object of a plan. */
export interface PlannedObject {
  sourceKey: string;
  size: number;
  /** Where it goes, before the user's answer to clashes. */
  plannedKey: string;
  /** Something is at plannedKey already. */
  clash: boolean;
  /** An empty-folder marker ("photos/"): it goes along, uncounted, and is never numbered or replaced. */
  marker: boolean;
  archived: boolean;
}

export interface PlannedCopy {
  request: CopyRequest;
  items: ChosenItems;
  objects: PlannedObject[];
  /** Destination keys known to exist. */
  existing: ReadonlySet<string>;
  /** Destination prefixes listed in full: a key below one of them that is not in `existing` is known to be free. */
  listed: readonly string[];
}

/** More objects than this in one copy is almost always the wrong folder: refused, rather than holding millions of keys. */
export const MAX_OBJECTS_PER_COPY = 1_000_000;

export function copyRequestOf(request: PlanCopyRequest): CopyRequest {
  const { mode, bucket, keys, prefixes, destinationBucket, destinationPrefix } = request;
  const sourcePrefix = parentFolder(keys[0] ?? prefixes[0] ?? '');
  return { mode, sourceBucket: bucket, keys, prefixes, destinationBucket, sourcePrefix, destinationPrefix };
}

/** A rename is a move into the folder the item is already in, under its new name. */
export function renameRequestOf(request: PlanRenameRequest): CopyRequest {
  const { bucket, from, newName } = request;
  const folder = from.endsWith('/');
  const sourcePrefix = parentFolder(from);
  return {
    mode: 'move',
    sourceBucket: bucket,
    keys: folder ? [] : [from],
    prefixes: folder ? [from] : [],
    destinationBucket: bucket,
    sourcePrefix,
    destinationPrefix: sourcePrefix,
    rename: { item: from, newName },
  };
}

/** Refuses what would copy a folder into itself, move things where they already are, or rename to the same name. */
export function refuseOverlap(request: CopyRequest): void {
  const { rename } = request;
  if (rename) {
    const current = rename.item.slice(request.sourcePrefix.length).replace(/\/$/, '');
    if (current === rename.newName) throw new ServiceError('invalid_input', `It is already called “${rename.newName}”.`);
  }
  if (request.sourceBucket !== request.destinationBucket) return;
  if (request.prefixes.some((prefix) => request.destinationPrefix.startsWith(prefix))) {
    throw new ServiceError('invalid_input', `A folder cannot be ${request.mode === 'move' ? 'moved' : 'copied'} into itself.`);
  }
  if (!rename && request.mode === 'move' && request.destinationPrefix === request.sourcePrefix) {
    throw new ServiceError('invalid_input', 'These items are already in this folder.');
  }
}

/**
 * Lists what a copy would take (selected keys by HEAD or a short listing,
 * folders recursively, as summarize does) and where each object goes, then
 * which of those destination keys exist already: each destination folder is
 * listed in full (so a kept copy's "name (1)" is known to be free or not),
 * selected files are looked up one by one. Nothing is copied yet.
 */
export async function planCopy(s3: S3Client, request: CopyRequest): Promise<PlannedCopy> {
  refuseOverlap(request);
  const sources = await listSources(s3, request);
  const objects: PlannedObject[] = sources.map((object) => ({
    sourceKey: object.key,
    size: object.size,
    plannedKey: destinationKey(object.key, request),
    clash: false,
    marker: isFolderMarker(object),
    archived: object.archived,
  }));
  const tooLong = objects.find((object) => !fitsInKey(object.plannedKey));
  if (tooLong) {
    const name = tooLong.plannedKey.slice(request.destinationPrefix.length);
    const shown = Array.from(name).slice(0, 60).join('');
    throw new ServiceError('invalid_input', `The name of “${shown}${shown === name ? '' : '…'}” would be longer there than S3 allows (1,024 bytes). Choose a shorter destination.`);
  }
  const { existing, listed } = await findExisting(s3, request);
  for (const object of objects) object.clash = existing.has(object.plannedKey);
  return { request, items: chosenItems(request), objects, existing, listed };
}

async function listSources(s3: S3Client, request: CopyRequest): Promise<ListedObject[]> {
  const { sourceBucket: bucket, sourcePrefix } = request;
  const found: ListedObject[] = [];
  if (request.keys.length > 0) {
    let described;
    try {
      described = await describeKeys(s3, bucket, request.keys);
    } catch (error) {
      throw mapS3Error(error, { action: 'read', bucket, prefix: sourcePrefix });
    }
    const [missing] = described.missing;
    if (missing !== undefined) throw mapS3Error({ name: 'NoSuchKey' }, { action: 'copy', bucket, key: missing });
    found.push(...described.found);
  }
  for (const prefix of request.prefixes) {
    try {
      for await (const object of listRecursive(s3, bucket, prefix)) {
        found.push(object);
        if (found.length > MAX_OBJECTS_PER_COPY) {
          throw new ServiceError('invalid_input', `This selection holds more than ${MAX_OBJECTS_PER_COPY.toLocaleString('en-US')} objects: copy or move its folders one at a time.`);
        }
      }
    } catch (error) {
      throw mapS3Error(error, { action: 'list', bucket, prefix });
    }
  }
  return found;
}

async function findExisting(s3: S3Client, request: CopyRequest): Promise<{ existing: Set<string>; listed: string[] }> {
  const { destinationBucket: bucket, destinationPrefix } = request;
  const existing = new Set<string>();
  const listed = request.prefixes.map((prefix) => destinationKey(prefix, request));
  try {
    for (const prefix of listed) {
      for await (const object of listRecursive(s3, bucket, prefix)) existing.add(object.key);
    }
    if (request.keys.length > 0) {
      const { found } = await describeKeys(s3, bucket, request.keys.map((key) => destinationKey(key, request)));
      for (const object of found) existing.add(object.key);
    }
  } catch (error) {
    throw mapS3Error(error, { action: 'look into', bucket, prefix: destinationPrefix });
  }
  return { existing, listed };
}
