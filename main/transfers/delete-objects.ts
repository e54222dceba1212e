import { DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { mapS3Error } from '../aws/s3-errors';
import { isFolderMarker, listRecursive } from '../browse/list-recursive';
import type { BatchOutcome, DeleteJob } from './delete-job';

/** DeleteObjects takes at most this many keys per call. */
export const DELETE_BATCH = 1000;

/** A key on its way to DeleteObjects. */
interface Doomed {
  key: string;
  /** Counted as an object (folder markers go too, uncounted, as summarize does not count them). */
  counts: boolean;
  /** Selected one by one (not found under a selected folder). */
  selected: boolean;
}

export interface DeleteProgress {
  /** More objects were found (throttle what it sends). */
  counted: () => void;
  /** A batch answered: the counts moved a step. */
  batchDone: () => void;
}

/**
 * One pass of a delete job: the keys selected one by one that are not gone
 * yet, then everything under the selected folders, listed page by page and
 * deleted in DeleteObjects calls of at most 1,000 keys (Quiet mode: S3 names
 * only the keys it refused) as the listing goes, so no more than a batch of
 * keys is ever held. A cancel aborts the listing but not the DeleteObjects
 * call in flight, whose answer is counted before the pass ends.
 * `s3` is asked for once the pass has begun, so that a session that has
 * ended by then fails the job rather than the caller.
 */
export async function runDelete(job: DeleteJob, s3: () => S3Client, progress: DeleteProgress): Promise<void> {
  const pass = job.begin();
  const { signal } = pass;
  const { bucket } = job;
  try {
    const client = s3();
    let batch: Doomed[] = [];
    const flush = async () => {
      const sent = batch;
      batch = [];
      if (sent.length === 0) return;
      job.batchDone(pass, await deleteBatch(client, bucket, sent));
      progress.batchDone();
    };
    for await (const doomed of doomedKeys(client, job, signal)) {
      if (signal.aborted) break;
      if (doomed.counts) {
        job.counted(pass, 1);
        progress.counted();
      }
      batch.push(doomed);
      if (batch.length === DELETE_BATCH) await flush();
    }
    if (!signal.aborted) {
      job.listed(pass);
      await flush();
    }
    job.passEnded(pass, null, !signal.aborted);
  } catch (error) {
    job.passEnded(pass, signal.aborted ? null : mapS3Error(error, { action: 'delete objects in', bucket, prefix: job.prefix }), false);
  }
}

async function* doomedKeys(s3: S3Client, job: DeleteJob, signal: AbortSignal): AsyncGenerator<Doomed> {
  for (const key of job.keysLeft()) yield { key, counts: true, selected: true };
  const { bucket } = job;
  for (const prefix of job.selection.prefixes) {
    try {
      for await (const object of listRecursive(s3, bucket, prefix, signal)) {
        yield { key: object.key, counts: !isFolderMarker(object), selected: false };
      }
    } catch (error) {
      throw mapS3Error(error, { action: 'list', bucket, prefix });
    }
  }
}

/** One DeleteObjects call; keys S3 refused count as failed, with the first refusal in words. */
async function deleteBatch(s3: S3Client, bucket: string, sent: Doomed[]): Promise<BatchOutcome> {
  let errors;
  try {
    // No abort signal: a cancel waits for this answer, so that what is reported deleted is what is gone.
    const reply = await s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: sent.map(({ key }) => ({ Key: key })), Quiet: true } }),
    );
    errors = reply.Errors ?? [];
  } catch (error) {
    throw mapS3Error(error, { action: 'delete objects in', bucket, prefix: folderOf(sent[0]!.key) });
  }
  const refused = new Map(errors.map((error) => [error.Key ?? '', error.Code ?? '']));
  const outcome: BatchOutcome = { deleted: 0, selectedGone: [], failed: 0, firstError: null };
  for (const doomed of sent) {
    const code = refused.get(doomed.key);
    if (code === undefined) {
      if (doomed.counts) outcome.deleted += 1;
      if (doomed.selected) outcome.selectedGone.push(doomed.key);
      continue;
    }
    if (doomed.counts) outcome.failed += 1;
    outcome.firstError ??= mapS3Error({ name: code }, { action: 'delete', bucket, key: doomed.key });
  }
  return outcome;
}

function folderOf(key: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1);
}
