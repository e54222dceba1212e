import { chmod, mkdtemp, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { DownloadRequest, ObjectRef, TransferJob } from '../../common/ipc';
import { ServiceError } from '../shared/errors';
import { localFileError } from './local-errors';

/** The part of the transfer queue a private copy goes through. */
export interface PrivateCopyQueue {
  downloadInto(request: { bucket: string; keys: string[]; prefixes: string[]; basePrefix: string }, root: string): TransferJob;
  downloadedPath(id: string): string | null;
  onChanged(listener: (jobs: TransferJob[]) => void): () => void;
}

export interface PrivateCopiesOptions {
  transfers: PrivateCopyQueue;
  /** Where this run's private folder is made (the app: the system's temp folder). */
  root: string;
}

/** A private copy that arrived, or none because the user cancelled its download in the transfers panel. */
export type PrivateCopy = { status: 'ready'; path: string; job: TransferJob } | { status: 'cancelled' };

/**
 * A selection's private copy that arrived — what its folder holds at the top, as full paths in name
 * order: a file or folder per selected one — or none because its download was cancelled.
 */
export type PrivateSelection = { status: 'ready'; entries: string[]; job: TransferJob } | { status: 'cancelled' };

/** A selection's private copy on its way: its job, already in the transfer list, and what it comes to (a failed download rejects with its error). */
export interface PrivateSelectionDownload {
  job: TransferJob;
  arrival: Promise<PrivateSelection>;
}

const FINISHED = new Set(['done', 'failed', 'cancelled']);

/**
 * Copies of objects on this computer for the desktop to use (Open, drag
 * out): each downloaded through the transfer queue — the same downloader,
 * with its progress, cancel, ranges, resume and Mark-of-the-Web — into a
 * folder of its own inside this run's private folder (0700: other users of
 * the computer cannot read what was opened), under the object's base name
 * made safe as any download's. A folder per copy means two objects of one
 * name, or a second Open of an object whose first copy is still open in an
 * editor, never meet. The copies are left where they are: the user may have
 * one open, or edited, and the system's temp folder is cleaned by the system.
 */
export class PrivateCopies {
  private runFolder: Promise<string> | null = null;

  constructor(private readonly options: PrivateCopiesOptions) {}

  /** Downloads the object and answers where its copy is; a failed download throws its error. */
  async fetch(object: ObjectRef): Promise<PrivateCopy> {
    const name = baseName(object.key);
    const folder = await this.newFolder(name);
    const slash = object.key.lastIndexOf('/');
    const request = { bucket: object.bucket, keys: [object.key], prefixes: [], basePrefix: object.key.slice(0, slash + 1) };
    const { transfers } = this.options;
    const job = await this.finished(transfers.downloadInto(request, folder).id);
    if (!job || job.status === 'cancelled') return { status: 'cancelled' };
    if (job.status === 'failed') throw new ServiceError(job.error?.code ?? 'internal_error', job.error?.message ?? `“${name}” could not be downloaded.`);
    const file = transfers.downloadedPath(job.id);
    if (job.filesDone === 0 || !file) {
      // The listing skips what is archived and not restored: the job is done with nothing downloaded.
      throw new ServiceError('archived_object', `“${name}” is archived and must be restored before it can be opened.`);
    }
    return { status: 'ready', path: file, job };
  }

  /**
   * Starts downloading a selection of files and folders (as a download to a chosen folder would,
   * keys relative to `basePrefix`) into one new private folder, and answers at once with its job,
   * so that the user can follow and cancel it while `arrival` waits for it to finish.
   */
  async fetchSelection(request: DownloadRequest): Promise<PrivateSelectionDownload> {
    const folder = await this.newFolder(selectionName(request));
    const job = this.options.transfers.downloadInto(request, folder);
    // Listening from now on: the job cannot have moved on before this line.
    const finished = this.finished(job.id);
    return { job, arrival: finished.then((done) => this.selectionArrived(done, folder)) };
  }

  private async selectionArrived(job: TransferJob | null, folder: string): Promise<PrivateSelection> {
    if (!job || job.status === 'cancelled') return { status: 'cancelled' };
    if (job.status === 'failed') throw new ServiceError(job.error?.code ?? 'internal_error', job.error?.message ?? 'The selection could not be downloaded.');
    let names: string[];
    try {
      // A finished download leaves only finished files: its temp files were renamed or taken away.
      names = await readdir(folder);
    } catch {
      throw new ServiceError('local_file_error', 'The downloaded copies are no longer there: the system may have tidied its temp folder away meanwhile. Try again.');
    }
    if (names.length === 0) {
      throw job.filesSkipped > 0
        ? new ServiceError('archived_object', 'Everything selected is archived and must be restored before it can be downloaded.')
        : new ServiceError('invalid_input', 'There was nothing to download: the selected folders hold no files.');
    }
    names.sort((a, b) => a.localeCompare(b));
    return { status: 'ready', entries: names.map((name) => path.join(folder, name)), job };
  }

  /** The job once it has finished; null when it left the list first (cleared), which counts as cancelled. */
  private finished(id: string): Promise<TransferJob | null> {
    return new Promise((resolve) => {
      const stop = this.options.transfers.onChanged((jobs) => {
        const job = jobs.find((candidate) => candidate.id === id) ?? null;
        if (job && !FINISHED.has(job.status)) return;
        stop();
        resolve(job);
      });
    });
  }

  private async newFolder(name: string): Promise<string> {
    try {
      this.runFolder ??= privateFolder(path.join(this.options.root, 's3desk-open-'));
      return await privateFolder(path.join(await this.runFolder, 'item-'));
    } catch (error) {
      // Made again on the next try: the temp folder may have been tidied away meanwhile.
      this.runFolder = null;
      throw localFileError(error, 'write', name);
    }
  }
}

/** A new folder under a random name that only this user can enter (mkdtemp makes it 0700; said again for clarity). */
async function privateFolder(prefix: string): Promise<string> {
  const folder = await mkdtemp(prefix);
  if (process.platform !== 'win32') await chmod(folder, 0o700);
  return folder;
}

/** What a selection is called in an error: its one item's name, or how many items it has. */
function selectionName(request: DownloadRequest): string {
  const items = [...request.keys, ...request.prefixes];
  return items.length === 1 ? baseName(items[0]!) : `${items.length} items`;
}

/** The last segment of a key, as the user sees it in the list. */
function baseName(key: string): string {
  return key.split('/').filter((part) => part !== '').at(-1) ?? key;
}
