import { RestoreObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { IpcErrorCode, RestoreObjectsRequest, RestoreSummary, Selection } from '../../common/ipc';
import { errorName, mapS3Error } from '../aws/s3-errors';
import type { SessionClients } from '../aws/session-clients';
import { ServiceError } from '../shared/errors';
import { isArchiveClass } from './archive-status';
import { isFolderMarker, listRecursive, type ListedObject } from './list-recursive';
import { describeKeys } from './selected-keys';

/** More archived objects than this in one request is almost always the wrong folder: refused before anything is asked. */
export const MAX_RESTORE_OBJECTS = 10_000;
/** RestoreObject requests in flight at once: each is small, S3 does the work later. */
const RESTORE_CONCURRENCY = 8;
/** Failures the summary spells out; the rest are counted. */
export const FAILURES_SHOWN = 5;
/** After one of these, every other request would fail the same way: no more are sent. */
const STOPS_THE_REST: ReadonlySet<IpcErrorCode> = new Set(['session_expired', 'not_signed_in', 'network_error']);

/** What S3 did with one object. */
type Outcome = 'started' | 'in-progress' | 'extended' | 'not-archived' | ServiceError;

interface Archived {
  key: string;
  storageClass: string;
}

/**
 * Restores of archived objects (Glacier Flexible Retrieval, Deep Archive):
 * S3 makes a temporary readable copy of each, after minutes to hours
 * depending on the tier, for the days asked for.
 */
export class ObjectRestores {
  constructor(private readonly clients: Pick<SessionClients, 'client'>) {}

  /**
   * Restores what a selection holds: its keys (looked up as describeKeys
   * does) and its folders (listed recursively). Only GLACIER and DEEP_ARCHIVE
   * objects are asked for; a listing cannot tell which are restored already,
   * so S3's answer says it: 202 started, 200 restored already (its copy now
   * lasts the new number of days), 409 RestoreAlreadyInProgress. Nothing is
   * sent when the selection holds more than MAX_RESTORE_OBJECTS archived
   * objects, or Expedited is asked for a Deep Archive object (S3 refuses it).
   */
  async restore(request: RestoreObjectsRequest): Promise<RestoreSummary> {
    const { s3 } = this.clients.client();
    const { bucket, keys, prefixes, days, tier } = request;
    const selection: Selection = { bucket, keys, prefixes };
    const summary: RestoreSummary = { started: 0, inProgress: 0, extended: 0, notArchived: 0, failed: 0, failures: [] };
    const fail = (key: string, error: ServiceError) => {
      summary.failed += 1;
      if (summary.failures.length < FAILURES_SHOWN) summary.failures.push({ key, code: error.code, message: error.message });
    };

    const archived: Archived[] = [];
    const visit = (object: ListedObject) => {
      if (isFolderMarker(object)) return;
      if (!isArchiveClass(object.storageClass)) {
        summary.notArchived += 1;
        return;
      }
      archived.push({ key: object.key, storageClass: object.storageClass });
      if (archived.length > MAX_RESTORE_OBJECTS) {
        throw new ServiceError(
          'invalid_input',
          `This selection holds more than ${MAX_RESTORE_OBJECTS.toLocaleString('en-US')} archived objects: restore its folders one at a time.`,
        );
      }
    };
    const missing = (key: string) => fail(key, mapS3Error({ name: 'NoSuchKey' }, { action: 'restore', bucket, key }));
    await forEachSelected(s3, selection, visit, missing);

    let stop: ServiceError | null = null;
    let next = 0;
    const worker = async () => {
      while (next < archived.length) {
        const object = archived[next++]!;
        const outcome = stop ?? (await restoreOne(s3, bucket, object, { days, tier }));
        if (outcome instanceof ServiceError) {
          if (STOPS_THE_REST.has(outcome.code)) stop ??= outcome;
          fail(object.key, outcome);
        } else if (outcome === 'started') summary.started += 1;
        else if (outcome === 'in-progress') summary.inProgress += 1;
        else if (outcome === 'extended') summary.extended += 1;
        else summary.notArchived += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(RESTORE_CONCURRENCY, archived.length) }, worker));
    return summary;
  }
}

async function restoreOne(s3: S3Client, bucket: string, object: Archived, { days, tier }: Pick<RestoreObjectsRequest, 'days' | 'tier'>): Promise<Outcome> {
  const where = `s3://${bucket}/${object.key}`;
  if (tier === 'Expedited' && object.storageClass === 'DEEP_ARCHIVE') return expeditedRefused(where);
  try {
    const reply = await s3.send(new RestoreObjectCommand({ Bucket: bucket, Key: object.key, RestoreRequest: { Days: days, GlacierJobParameters: { Tier: tier } } }));
    return reply.$metadata.httpStatusCode === 200 ? 'extended' : 'started';
  } catch (error) {
    switch (errorName(error)) {
      case 'RestoreAlreadyInProgress':
        return 'in-progress';
      // Its storage class changed since it was listed (replaced by a readable object): nothing to restore.
      case 'InvalidObjectState':
      case 'ObjectAlreadyInActiveTierError':
        return 'not-archived';
      case 'GlacierExpeditedRetrievalNotAvailable':
        return new ServiceError('internal_error', `Amazon S3 has no capacity for Expedited retrievals right now, so ${where} was not restored. Try Standard instead.`);
      case 'InvalidArgument':
        // The only argument S3 refuses here that S3 Desk checks beforehand: Expedited for an object that became Deep Archive.
        if (tier === 'Expedited') return expeditedRefused(where);
    }
    return mapS3Error(error, { action: 'restore', bucket, key: object.key });
  }
}

function expeditedRefused(where: string): ServiceError {
  return new ServiceError('invalid_input', `${where} is in Glacier Deep Archive, which has no Expedited retrieval: restore it with Standard (within 12 hours) or Bulk (within 48 hours).`);
}

/** Visits every object of a selection; `missing` hears selected keys that do not exist (any more). Throws mapped ServiceErrors. */
async function forEachSelected(s3: S3Client, selection: Selection, visit: (object: ListedObject) => void, missing: (key: string) => void): Promise<void> {
  const { bucket } = selection;
  if (selection.keys.length > 0) {
    let described;
    try {
      described = await describeKeys(s3, bucket, selection.keys);
    } catch (error) {
      throw mapS3Error(error, { action: 'read', bucket, key: selection.keys[0] });
    }
    described.found.forEach(visit);
    described.missing.forEach(missing);
  }
  for (const prefix of selection.prefixes) {
    try {
      for await (const object of listRecursive(s3, bucket, prefix)) visit(object);
    } catch (error) {
      throw mapS3Error(error, { action: 'list', bucket, prefix });
    }
  }
}
