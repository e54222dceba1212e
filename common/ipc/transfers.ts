import { z } from 'zod';
import { bucketNameSchema, folderPrefixSchema, handleIdSchema, isSomethingSelected, objectRefSchema, selectedObjectsSchema } from './browse';
import { planCopyRequestSchema, planRenameRequestSchema, startCopyRequestSchema, type CopyPlan } from './copies';
import type { IpcError } from './errors';
import { ipcEvent, operation, preloadOperation } from './operation';
import { noArgumentsSchema } from './session';

/** The transfers domain: downloads, upload plans and uploads, deletes, server-side copies and moves (copies.ts), and the queue they run in. */

export const downloadRequestSchema = selectedObjectsSchema
  .extend({
    /** The folder being browsed: local paths are the keys relative to it. */
    basePrefix: folderPrefixSchema,
  })
  .strict()
  .refine(isSomethingSelected, 'nothing is selected');

export const startDeleteRequestSchema = selectedObjectsSchema
  .extend({
    /** The folder being browsed: the job is shown (and its listing refreshed) as a delete from it. */
    basePrefix: folderPrefixSchema,
    /**
     * How many objects the confirmation counted (SelectionSummary.objectCount): the job shows it as
     * its total until its own listing, which runs as it deletes, has counted further.
     */
    expectedCount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .strict()
  .refine(isSomethingSelected, 'nothing is selected');

export const pickUploadRequestSchema = z
  .object({ bucket: bucketNameSchema, prefix: folderPrefixSchema, kind: z.enum(['files', 'folder']) })
  .strict();

/**
 * The local paths of files dropped on the window, as preload resolved them
 * from the File objects (webUtils.getPathForFile). Sent by preload alone: the
 * page never sees or names a path (DESIGN.md §4).
 */
export const droppedUploadRequestSchema = z
  .object({ bucket: bucketNameSchema, prefix: folderPrefixSchema, paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000) })
  .strict();

export const startUploadRequestSchema = z
  .object({
    planId: handleIdSchema,
    /** What to do with keys that already exist: replace them, or upload only the new ones. */
    existing: z.enum(['replace', 'skip']),
  })
  .strict();

export type DownloadRequest = z.infer<typeof downloadRequestSchema>;
export type StartDeleteRequest = z.infer<typeof startDeleteRequestSchema>;
export type PickUploadRequest = z.infer<typeof pickUploadRequestSchema>;
export type DroppedUploadRequest = z.infer<typeof droppedUploadRequestSchema>;
export type StartUploadRequest = z.infer<typeof startUploadRequestSchema>;

/** An upload ready to start: main holds the local paths; the renderer sees names and totals. */
export interface UploadPlan {
  planId: string;
  bucket: string;
  prefix: string;
  fileCount: number;
  totalBytes: number;
  /** Keys that already exist in S3 (first 20), shown in the overwrite prompt. */
  existing: string[];
  existingCount: number;
  /**
   * Entries the user chose (dialog) or dropped that cannot be uploaded (unreadable,
   * not a regular file, gone since), named as the user sees them, never by full
   * path, with why (first 20).
   */
  problems: Array<{ name: string; message: string }>;
}

/** What the page hands window.api.planDroppedUpload: the dropped File objects themselves, never their paths. */
export interface DroppedFilesRequest {
  bucket: string;
  prefix: string;
  files: File[];
}

/** What window.api.planDroppedUpload answers. */
export interface DroppedUpload {
  /** The plan of the dropped local files; null when none of them is a local file (nothing was planned). */
  plan: UploadPlan | null;
  /** Names of what was dropped but is not a file on this computer (say, an image dragged from a web page). */
  notLocal: string[];
}

/** `interrupted`: an earlier run of the app stopped it (a quit, a crash, a restart); it can be resumed (retry) or discarded (cancel). */
export type TransferStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

/**
 * One user action in the transfers panel: a file, a folder, or a selection,
 * downloaded, uploaded, deleted, or copied or moved within S3 (a rename is a
 * move). A delete counts objects, not files, and moves no bytes (its byte
 * counts stay 0: its progress is in objects). A copy or move counts the bytes
 * S3 copied for it.
 */
export interface TransferJob {
  id: string;
  direction: 'download' | 'upload' | 'delete' | 'copy' | 'move';
  /** e.g. "report.pdf", "photos (1,204 files)", "photos (1,204 objects)", "notes.md → notes 2024.md" */
  label: string;
  bucket: string;
  /** The S3 folder it goes to or comes from (copies and moves: where they go). */
  prefix: string;
  /** Copies and moves: the bucket and folder the objects come from (the folder a browser shows changes too, for a move). */
  source?: { bucket: string; prefix: string };
  status: TransferStatus;
  /** Grows while `counting`. */
  filesTotal: number;
  filesDone: number;
  /** Whether the selection is still being listed, so filesTotal may still grow. */
  counting: boolean;
  /** Files not transferred on purpose (archive storage class, or already existing with 'skip'). */
  filesSkipped: number;
  filesFailed: number;
  bytesTotal: number;
  bytesDone: number;
  /** Bytes per second over the last few seconds; 0 when not running. */
  bytesPerSecond: number;
  /** ISO 8601 */
  startedAt: string | null;
  finishedAt: string | null;
  /** Why it failed (status 'failed'), or the first file error. */
  error: IpcError | null;
  /** Whether retryTransfer can run it again (failed or cancelled files remain). */
  retryable: boolean;
  /** Downloads: whether showTransfer can reveal it in the file manager. */
  revealable: boolean;
}

export type DownloadStart = { status: 'started'; job: TransferJob } | { status: 'cancelled' };

/** What openObject answers: the file is open in its application, or its download was cancelled in the transfers panel. */
export type OpenObjectResult = { status: 'opened' } | { status: 'cancelled' };

/** A drag out prepared (or being prepared) in main, named by its id alone: main keeps the local paths. */
export const dragOutRefSchema = z.object({ dragId: handleIdSchema }).strict();
export type DragOutRef = z.infer<typeof dragOutRefSchema>;

/** What prepareDragOut answers at once: the id of the drag, and its download, in the transfer list (progress, cancel). */
export interface DragOutStart {
  dragId: string;
  job: TransferJob;
}

/**
 * What awaitDragOut answers once the download finished: the names of what will be dragged (the
 * selection's files and folders, as saved on this computer) and how many archived files it left
 * out — or that the download was cancelled. A failed download is an error.
 */
export type DragOutReady = { status: 'ready'; names: string[]; skipped: number } | { status: 'cancelled' };

export const transferOperations = {
  /** Asks for a local folder (main-process dialog), then queues the download. */
  download: operation<DownloadStart>()('s3desk:transfers:download', z.tuple([downloadRequestSchema])),
  /** Asks for files or a folder (main-process dialog); null when the dialog was cancelled. */
  pickUpload: operation<UploadPlan | null>()('s3desk:transfers:pick-upload', z.tuple([pickUploadRequestSchema])),
  /**
   * Plans an upload of dropped files. Preload only: window.api.planDroppedUpload
   * takes the page's File objects, resolves their paths and sends them here.
   */
  planDroppedUpload: preloadOperation<UploadPlan>()('s3desk:transfers:plan-dropped-upload', z.tuple([droppedUploadRequestSchema])),
  startUpload: operation<TransferJob>()('s3desk:transfers:start-upload', z.tuple([startUploadRequestSchema])),
  /**
   * Queues the delete of the selected keys and everything under the selected folders (folder markers
   * included but not counted, as in summarize): listed and deleted 1,000 keys at a time, with progress;
   * a cancel stops after the batch in flight, a retry lists again and deletes what is left.
   */
  startDelete: operation<TransferJob>()('s3desk:transfers:start-delete', z.tuple([startDeleteRequestSchema])),
  /** Forgets a plan the user decided not to start. */
  discardUpload: operation<null>()('s3desk:transfers:discard-upload', z.tuple([handleIdSchema])),
  listTransfers: operation<TransferJob[]>()('s3desk:transfers:list', noArgumentsSchema),
  cancelTransfer: operation<TransferJob>()('s3desk:transfers:cancel', z.tuple([handleIdSchema])),
  retryTransfer: operation<TransferJob>()('s3desk:transfers:retry', z.tuple([handleIdSchema])),
  clearFinishedTransfers: operation<TransferJob[]>()('s3desk:transfers:clear-finished', noArgumentsSchema),
  /**
   * Lists what a copy or move of the selection (into destinationPrefix of destinationBucket) would take,
   * and which destination keys exist already; nothing is copied until startCopy.
   */
  planCopy: operation<CopyPlan>()('s3desk:transfers:plan-copy', z.tuple([planCopyRequestSchema])),
  /** Plans a rename: a move of one file or folder within its folder, under a new name. */
  planRename: operation<CopyPlan>()('s3desk:transfers:plan-rename', z.tuple([planRenameRequestSchema])),
  /**
   * Starts a planned copy or move with the answer to its clashes: each object is copied server-side,
   * the copy verified, and (a move) only then its source deleted. A cancel leaves every object at its
   * source or its destination, never half-way.
   */
  startCopy: operation<TransferJob>()('s3desk:transfers:start-copy', z.tuple([startCopyRequestSchema])),
  /** Forgets a copy plan the user decided not to start. */
  discardCopy: operation<null>()('s3desk:transfers:discard-copy', z.tuple([handleIdSchema])),
  /** Reveals a finished download in the file manager. */
  showTransfer: operation<null>()('s3desk:transfers:show', z.tuple([handleIdSchema])),
  /**
   * Opens a file with the application the system opens such files with: main downloads it (a download
   * in the list, with progress and cancel) into a private folder of its own, then hands it over. Answers
   * once it is open; an archived object, a failed download or a system that cannot open it is an error.
   */
  openObject: operation<OpenObjectResult>()('s3desk:transfers:open-object', z.tuple([objectRefSchema])),
  /**
   * Drag out, step one: downloads the selection (a download in the list, with progress and cancel;
   * archived files skipped) into a private folder of its own, so that complete files exist before a
   * drag starts. Answers at once; awaitDragOut answers once they are there.
   */
  prepareDragOut: operation<DragOutStart>()('s3desk:transfers:prepare-drag-out', z.tuple([downloadRequestSchema])),
  awaitDragOut: operation<DragOutReady>()('s3desk:transfers:await-drag-out', z.tuple([dragOutRefSchema])),
  /** Drag out, step two: sent from the page's dragstart, while the button is down; main starts the native drag of the prepared files. */
  startDragOut: operation<null>()('s3desk:transfers:start-drag-out', z.tuple([dragOutRefSchema])),
  /** Shows the prepared files in the file manager: drag out for those who cannot drag. */
  revealDragOut: operation<null>()('s3desk:transfers:reveal-drag-out', z.tuple([dragOutRefSchema])),
};

export const transferEvents = {
  /** The whole transfer list whenever it changes (at most a few times a second while running). */
  onTransfersChanged: ipcEvent<TransferJob[]>('s3desk:transfers:changed'),
};
