import type { S3Client } from '@aws-sdk/client-s3';
import type { DownloadRequest } from '../../common/ipc';
import { expandDownload } from './download-plan';
import type { ChosenItems, Job } from './job';
import type { PathPlatform } from './local-path';
import { transferFailure } from './transfer-errors';

export interface ListingSettings {
  platform: PathPlatform;
  /** Compare local names case-insensitively (Windows and macOS file systems). */
  caseInsensitive: boolean;
}

/**
 * Lists a download job's selection into files, which join the queue as the
 * job takes them in. A failure fails the job; a cancel only ends the listing.
 * `s3` is asked for once the listing has begun, so that a session that has
 * ended by then fails the job rather than the caller.
 */
export async function listDownload(job: Job, s3: () => S3Client, settings: ListingSettings, onProgress: () => void): Promise<void> {
  const signal = job.beginListing();
  try {
    const { request, root } = job.destination!;
    const expansion = await expandDownload({
      s3: s3(),
      request,
      root,
      ...settings,
      signal,
      onProgress: (files, bytes) => {
        job.listingProgress(files, bytes);
        onProgress();
      },
      onCreatedDirs: (dirs) => job.addCreatedDirs(dirs),
    });
    job.listingDone(expansion);
  } catch (error) {
    job.listingStopped(signal.aborted ? null : transferFailure(error, job, null));
  }
}

/** A selection (to download or delete) as the list names it: one file or folder by its name, else a count. */
export function chosenItems(request: Pick<DownloadRequest, 'keys' | 'prefixes'>): ChosenItems {
  const count = request.keys.length + request.prefixes.length;
  if (count !== 1) return { count, name: '', kind: 'folder' };
  const chosen = request.keys[0] ?? request.prefixes[0]!;
  const name = chosen.split('/').filter((part) => part !== '').at(-1) ?? chosen;
  return { count, name, kind: request.keys.length === 1 ? 'file' : 'folder' };
}
