import { useCallback, useState } from 'react';
import type { IpcError, SelectionSummary, TransferJob } from '../../../../../common/ipc';
import { describeActionError } from '../actionErrors';
import { handleIpcResult } from '../../../shared/ipc/ipcResult';
import { useIpcQuery } from '../../../shared/ipc/useIpcQuery';
import { useApi } from '../../../shared/ipc/api';
import { countOf, formatBytes } from '../../../shared/format/formatBytes';
import { formatStorageClass } from '../storageClass';
import { Dialog } from '../../../shared/ui/Dialog';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { Spinner } from '../../../shared/ui/Spinner';
import { RestoreDialog } from '../restore/RestoreDialog';
import { archiveClassesOf } from '../restore/restoreTiers';

export interface SelectionRequest {
  bucket: string;
  /** The folder being browsed. */
  basePrefix: string;
  keys: string[];
  prefixes: string[];
  /** What the user selected, in words: "report.pdf", "3 items". */
  what: string;
}

type Phase =
  | { step: 'summarizing' }
  | { step: 'summary-failed'; error: IpcError }
  | { step: 'ready'; summary: SelectionSummary }
  | { step: 'working'; summary: SelectionSummary }
  | { step: 'failed'; summary: SelectionSummary; error: IpcError };

/** Where accepting the summary has got to. */
type Acceptance = { step: 'ready' } | { step: 'working' } | { step: 'failed'; error: IpcError };

interface SelectionDialogProps {
  kind: 'download' | 'delete';
  request: SelectionRequest;
  onClose: () => void;
  /** Download: the job main queued. */
  onDownloadStarted?: (job: TransferJob) => void;
  /** Delete: the job main queued (the transfers panel shows its progress). */
  onDeleteStarted?: (job: TransferJob) => void;
}

/**
 * Confirms a download or a delete with what it really involves: the
 * selection is summarized (folders counted recursively) first, so the user
 * sees how many objects and bytes, which ones archive storage will skip, and
 * for a delete a sample of what will go. Accepting starts the download or
 * delete as a job in the transfers panel, and the dialog closes.
 */
export function SelectionDialog({ kind, request, onClose, onDownloadStarted, onDeleteStarted }: SelectionDialogProps) {
  const api = useApi();
  const { bucket, keys, prefixes, basePrefix } = request;
  const summarized = useIpcQuery(useCallback(() => api.summarize({ bucket, keys, prefixes }), [api, bucket, keys, prefixes]));
  const [acceptance, setAcceptance] = useState<Acceptance>({ step: 'ready' });
  /** The user chose to restore what the download would skip: the restore dialog takes this one's place. */
  const [restoring, setRestoring] = useState(false);
  const phase: Phase =
    summarized.status === 'error'
      ? { step: 'summary-failed', error: summarized.error }
      : summarized.status === 'ready'
        ? { ...acceptance, summary: summarized.value }
        : { step: 'summarizing' };

  const accept = useCallback(() => {
    if (phase.step !== 'ready' && phase.step !== 'failed') return;
    const expectedCount = phase.summary.objectCount;
    setAcceptance({ step: 'working' });
    const failed = (error: IpcError) => setAcceptance({ step: 'failed', error });
    if (kind === 'download') {
      handleIpcResult(
        api.download({ bucket, keys, prefixes, basePrefix }),
        (start) => {
          if (start.status === 'started') onDownloadStarted?.(start.job);
          // 'cancelled': the user closed the folder picker, which ends the download too.
          onClose();
        },
        failed,
      );
    } else {
      handleIpcResult(
        // The summary's count is the job's total until its own listing, which runs as it deletes, counts further.
        api.startDelete({ bucket, keys, prefixes, basePrefix, expectedCount }),
        (job) => {
          onDeleteStarted?.(job);
          onClose();
        },
        failed,
      );
    }
  }, [api, phase, kind, bucket, keys, prefixes, basePrefix, onClose, onDownloadStarted, onDeleteStarted]);

  const busy = phase.step === 'working';
  const summary = 'summary' in phase ? phase.summary : null;
  if (restoring && summary) return <RestoreDialog request={{ ...request, classes: archiveClassesOf(summary.archived.storageClasses) }} onClose={onClose} />;
  const readable = summary ? summary.objectCount - summary.archived.count : 0;
  const canAccept =
    (phase.step === 'ready' || phase.step === 'failed') &&
    summary !== null &&
    (kind === 'download' ? readable > 0 : summary.objectCount > 0);

  const title = kind === 'download' ? `Download ${request.what}?` : `Delete ${request.what}?`;

  const footer = (
    <>
      <button type="button" className="button button--secondary" onClick={onClose} disabled={busy} data-testid="confirm-cancel">
        Cancel
      </button>
      <button
        type="button"
        className={`button ${kind === 'delete' ? 'button--danger' : 'button--primary'}`}
        onClick={accept}
        disabled={!canAccept || busy}
        aria-busy={busy}
        data-autofocus={kind === 'download' ? true : undefined}
        data-testid="confirm-accept"
      >
        {busy ? <Spinner /> : null}
        {kind === 'download'
          ? busy
            ? 'Choosing a folder…'
            : phase.step === 'failed'
              ? 'Try again'
              : 'Download…'
          : busy
            ? 'Starting…'
            : phase.step === 'failed'
              ? 'Try again'
              : 'Delete'}
      </button>
    </>
  );

  return (
    <Dialog
      title={title}
      footer={footer}
      onClose={onClose}
      busy={busy}
      role={kind === 'delete' ? 'alertdialog' : 'dialog'}
      testId="confirm-dialog"
    >
      {phase.step === 'summarizing' ? (
        <p className="dialog__status" data-testid="confirm-summarizing">
          <Spinner /> Counting what’s in {request.what}…
        </p>
      ) : phase.step === 'summary-failed' ? (
        <ErrorNotice
          {...describeActionError(phase.error, `count what’s in ${request.what}`)}
          onRetry={summarized.retry}
          retryLabel="Retry"
          testId="confirm-error"
        />
      ) : summary ? (
        <>
          <p className="dialog__summary" data-testid="confirm-summary">
            {summary.objectCount === 0
              ? 'There are no objects in this selection.'
              : `${countOf(summary.objectCount, 'object', 'objects')}, ${formatBytes(summary.totalBytes)} in total.`}
          </p>
          {summary.archived.count > 0 ? (
            <ErrorNotice
              tone="warning"
              title={
                kind === 'download'
                  ? `${countOf(summary.archived.count, 'object', 'objects')} (${formatBytes(summary.archived.bytes)}) will be skipped`
                  : `${countOf(summary.archived.count, 'object', 'objects')} in archive storage will be deleted too`
              }
              detail={
                kind === 'download'
                  ? `${summary.archived.count === 1 ? 'It is' : 'They are'} in ${summary.archived.storageClasses.map(formatStorageClass).join(', ')} and must be restored before ${summary.archived.count === 1 ? 'it' : 'they'} can be downloaded.${readable === 0 ? ' Nothing else is left to download.' : ''}`
                  : `${summary.archived.storageClasses.map(formatStorageClass).join(', ')} objects can’t be recovered once deleted.`
              }
              testId="confirm-archived"
            />
          ) : null}
          {kind === 'download' && summary.archived.count > 0 ? (
            <button type="button" className="button button--secondary button--small restore__offer" onClick={() => setRestoring(true)} disabled={busy} data-testid="confirm-restore">
              {summary.archived.count === 1 ? 'Restore it…' : 'Restore them…'}
            </button>
          ) : null}
          {kind === 'delete' && summary.sample.length > 0 ? (
            <>
              <ul className="dialog__list" data-testid="confirm-sample">
                {summary.sample.map((key) => (
                  <li key={key}>{key.startsWith(basePrefix) ? key.slice(basePrefix.length) : key}</li>
                ))}
              </ul>
              {summary.objectCount > summary.sample.length ? (
                <p className="dialog__muted">and {countOf(summary.objectCount - summary.sample.length, 'more object', 'more objects')}</p>
              ) : null}
              <p className="dialog__muted">Deleted objects can’t be recovered.</p>
            </>
          ) : null}
          {phase.step === 'failed' ? (
            <ErrorNotice
              {...describeActionError(phase.error, kind === 'download' ? `download ${request.what}` : `delete ${request.what}`)}
              testId="confirm-error"
            />
          ) : null}
        </>
      ) : null}
    </Dialog>
  );
}
