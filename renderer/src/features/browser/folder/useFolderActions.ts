import { useCallback, useState, type Dispatch, type SetStateAction } from 'react';
import type { IpcError, TransferJob, UploadPlan } from '../../../../../common/ipc';
import { countOf } from '../../../shared/format/formatBytes';
import { useApi } from '../../../shared/ipc/api';
import { handleIpcResult } from '../../../shared/ipc/ipcResult';
import { useTransfers } from '../../transfers/useTransfers';
import { describeActionError, type ActionErrorView } from '../actionErrors';
import type { FileListingEntry, ListingEntry } from '../entries';
import { describeLocation, type StartPlace } from '../placeNames';
import type { CopyClipboard } from './copyClipboard';
import type { RestoreRequest } from '../restore/RestoreDialog';
import { restoreRequestOf } from '../restore/selectionRestore';
import type { SelectionRequest } from './SelectionDialog';
import type { Selection } from './useSelection';

export type FolderDialog =
  | { kind: 'download' | 'delete'; request: SelectionRequest }
  | { kind: 'upload'; plan: UploadPlan }
  | { kind: 'rename'; entry: ListingEntry }
  | { kind: 'share'; entry: FileListingEntry }
  | { kind: 'paste'; clipboard: CopyClipboard }
  | { kind: 'restore'; request: RestoreRequest }
  | null;

export type FolderNotice = (ActionErrorView & { tone: 'error' | 'info' | 'warning' }) | null;

interface FolderActionsOptions {
  bucket: string;
  prefix: string;
  /** What the folders are called in messages ("My files/photos/" rather than an IdentityId). */
  place: StartPlace;
  selectedEntries: ListingEntry[];
  setSelection: Dispatch<SetStateAction<Selection>>;
  /** Drag out: downloads the selection for dragging to the desktop (the window's drag-out tray). */
  onDragOut: (request: SelectionRequest) => void;
}

/** "report.pdf", "3 files", "2 folders", "4 items": what an action applies to. */
export function describeSelection(entries: ListingEntry[]): string {
  if (entries.length === 1) return `“${(entries[0] as ListingEntry).name}”`;
  const folders = entries.filter((entry) => entry.kind === 'folder').length;
  const files = entries.length - folders;
  if (folders === 0) return countOf(files, 'file', 'files');
  if (files === 0) return countOf(folders, 'folder', 'folders');
  return countOf(entries.length, 'item', 'items');
}

const NOT_LOCAL = 'Skipped: it isn’t a file on this computer (drag files from your file manager instead).';

/** Nothing dropped was a local file (say, images dragged from a web page): nothing to plan. */
function notLocalNotice(names: string[]): FolderNotice {
  return {
    title:
      names.length === 1
        ? `“${names[0] || 'An item'}” isn’t a file on this computer, so it can’t be uploaded`
        : `${countOf(names.length, 'item isn’t a file', 'items aren’t files')} on this computer, so they can’t be uploaded`,
    detail: 'Drag files or folders from your file manager instead.',
    tone: 'warning',
  };
}

/** The plan of a drop, with what was dropped but is not a local file among its problems, so the dialog shows it before anything starts. */
function withNotLocal(plan: UploadPlan, notLocal: string[]): UploadPlan {
  if (notLocal.length === 0) return plan;
  return { ...plan, problems: [...notLocal.map((name) => ({ name: name || 'An item', message: NOT_LOCAL })), ...plan.problems] };
}

/**
 * What can be done to a folder and its selection (upload, download, delete,
 * copy an S3 URI), with the dialog each may need and the notice each leaves.
 */
export function useFolderActions({ bucket, prefix, place, selectedEntries, setSelection, onDragOut }: FolderActionsOptions) {
  const api = useApi();
  const transfers = useTransfers();
  const [dialog, setDialog] = useState<FolderDialog>(null);
  const [notice, setNotice] = useState<FolderNotice>(null);

  const fail = useCallback((error: IpcError, what: string) => setNotice({ ...describeActionError(error, what), tone: 'error' }), []);

  const started = useCallback(
    (job: TransferJob) => {
      setNotice(null);
      transfers.announce(job);
    },
    [transfers],
  );

  const startPlan = useCallback(
    (plan: UploadPlan) => {
      if (plan.existingCount > 0 || plan.problems.length > 0 || plan.fileCount === 0) {
        setDialog({ kind: 'upload', plan });
        return;
      }
      const where = describeLocation(place, plan.bucket, plan.prefix);
      handleIpcResult(api.startUpload({ planId: plan.planId, existing: 'replace' }), started, (error) => {
        api.discardUpload(plan.planId).catch(() => undefined);
        fail(error, `upload to ${where}`);
      });
    },
    [api, started, fail, place],
  );

  const pickUpload = (kind: 'files' | 'folder') => {
    setNotice(null);
    handleIpcResult(
      api.pickUpload({ bucket, prefix, kind }),
      (plan) => {
        if (plan) startPlan(plan);
      },
      (error) => fail(error, kind === 'files' ? 'upload files' : 'upload a folder'),
    );
  };

  /**
   * Plans an upload of the `files` dropped into `into`. Preload resolves them to
   * local paths; the page hands over the File objects and never sees a path.
   */
  const uploadDropped = (into: string, files: File[]) => {
    setNotice(null);
    handleIpcResult(
      api.planDroppedUpload({ bucket, prefix: into, files }),
      ({ plan, notLocal }) => (plan ? startPlan(withNotLocal(plan, notLocal)) : setNotice(notLocalNotice(notLocal))),
      (error) => fail(error, 'upload what you dropped'),
    );
  };

  const selectionRequest = (entries: ListingEntry[]): SelectionRequest => ({
    bucket,
    basePrefix: prefix,
    keys: entries.flatMap((entry) => (entry.kind === 'file' ? [entry.object.key] : [])),
    prefixes: entries.flatMap((entry) => (entry.kind === 'folder' ? [entry.folder.prefix] : [])),
    what: describeSelection(entries),
  });

  const download = (entries = selectedEntries) => {
    if (entries.length === 0) return;
    setNotice(null);
    const request = selectionRequest(entries);
    // Folders are counted first, and archived files would be skipped: both deserve a look before starting.
    if (request.prefixes.length > 0 || entries.some((entry) => entry.kind === 'file' && entry.archived)) {
      setDialog({ kind: 'download', request });
      return;
    }
    handleIpcResult(
      api.download({ bucket, keys: request.keys, prefixes: [], basePrefix: prefix }),
      (start) => {
        if (start.status === 'started') started(start.job);
      },
      (error) => fail(error, `download ${request.what}`),
    );
  };

  /** Drag out…: the selection is downloaded first (archived files skipped), then offered in the tray to drag. */
  const dragOut = (entries = selectedEntries) => {
    if (entries.length === 0) return;
    setNotice(null);
    onDragOut(selectionRequest(entries));
  };

  const remove = (entries = selectedEntries) => {
    if (entries.length === 0) return;
    setNotice(null);
    setDialog({ kind: 'delete', request: selectionRequest(entries) });
  };

  /** Restores the archived objects of the selection (and of its folders) from archive storage. */
  const restore = (entries = selectedEntries) => {
    if (entries.length === 0) return;
    setNotice(null);
    setDialog({ kind: 'restore', request: restoreRequestOf(selectionRequest(entries), entries) });
  };

  /** A delete job started: the transfers panel shows it, and the listing refreshes once it finishes (BrowserScreen). */
  const deleteStarted = (job: TransferJob) => {
    setSelection((current) => ({ ids: new Set(), focus: current.focus, anchor: null }));
    started(job);
  };

  const copyS3Uri = (key: string) =>
    handleIpcResult(
      api.copyS3Uri({ bucket, key }),
      (uri) => setNotice({ title: 'Copied', detail: uri, tone: 'info' }),
      (error) => fail(error, 'copy the S3 URI'),
    );

  return { dialog, setDialog, notice, setNotice, started, pickUpload, uploadDropped, download, dragOut, remove, restore, deleteStarted, copyS3Uri };
}

export type FolderActions = ReturnType<typeof useFolderActions>;
