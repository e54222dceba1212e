import { useId, useState } from 'react';
import type { IpcResult, TransferJob } from '../../../../common/ipc';
import { useTransfers } from './useTransfers';
import { describeActionError } from '../browser/actionErrors';
import { useApi } from '../../shared/ipc/api';
import { handleIpcResult } from '../../shared/ipc/ipcResult';
import {
  describeInterrupted,
  describeInterruption,
  describeProgress,
  describeStatus,
  isActive,
  isFinished,
  isInterrupted,
  progressFraction,
  summarizeTransfers,
} from './transfers';
import { countOf, formatBytes } from '../../shared/format/formatBytes';
import { Dialog } from '../../shared/ui/Dialog';
import { ArrowDownIcon, ArrowRightIcon, ArrowUpIcon, ChevronDownIcon, CloseIcon, CopyIcon, FolderIcon, InfoIcon, RefreshIcon, TrashIcon } from '../../shared/ui/Icons';
import './TransfersPanel.css';

/**
 * Every upload, download and delete of this session, newest first, with progress,
 * speed and time left, and the actions each allows. It lives above the
 * folder views, so it keeps updating while the user browses. Transfers an earlier
 * run left unfinished (a quit, a crash, a restart) come back "interrupted", under a
 * banner that resumes or discards them all.
 */
export function TransfersPanel() {
  const api = useApi();
  const { jobs, upsert, remove, replaceAll, expanded, setExpanded } = useTransfers();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [clearError, setClearError] = useState<string | null>(null);
  /** The interrupted jobs whose discard waits for the user's confirmation. */
  const [discarding, setDiscarding] = useState<string[] | null>(null);
  const listId = useId();

  if (jobs.length === 0) return null;

  const keep = (updated: TransferJob | null) => {
    if (updated) upsert(updated);
  };
  const act = (job: TransferJob, call: Promise<IpcResult<TransferJob | null>>, what: string, done = keep) => {
    setErrors(({ [job.id]: _gone, ...rest }) => rest);
    handleIpcResult(
      call,
      done,
      (error) => {
        const view = describeActionError(error, what);
        setErrors((all) => ({ ...all, [job.id]: `${view.title}: ${view.detail}` }));
      },
    );
  };

  const clearFinished = () => {
    setClearError(null);
    handleIpcResult(api.clearFinishedTransfers(), replaceAll, (error) => setClearError(describeActionError(error, 'clear the list').detail));
  };

  // An interrupted job leaves main's list when resumed (it runs again under a new id) or discarded
  // (main answers it cancelled): its entry goes now, whether or not main's change event came first.
  const resume = (job: TransferJob) =>
    act(job, api.retryTransfer(job.id), 'resume it', (resumed) => {
      remove(job.id);
      keep(resumed);
    });
  const discard = (job: TransferJob) => act(job, api.cancelTransfer(job.id), 'discard it', () => remove(job.id));

  const finished = jobs.some(isFinished);
  const interrupted = jobs.filter(isInterrupted);
  const toDiscard = discarding ? interrupted.filter((job) => discarding.includes(job.id)) : [];
  const newestFirst = [...jobs].reverse();

  return (
    <section className={`transfers${expanded ? ' transfers--expanded' : ''}`} aria-label="Transfers" data-testid="transfers-panel">
      <header className="transfers__header">
        <button
          type="button"
          className="transfers__toggle"
          aria-expanded={expanded}
          aria-controls={listId}
          onClick={() => setExpanded(!expanded)}
          data-testid="transfers-toggle"
        >
          <ChevronDownIcon className="transfers__chevron" />
          <span className="transfers__title">Transfers</span>
          <span className="transfers__summary" aria-live="polite" data-testid="transfers-summary">
            {summarizeTransfers(jobs)}
          </span>
        </button>
        {finished ? (
          <button type="button" className="button button--ghost button--small" onClick={clearFinished} data-testid="transfers-clear">
            Clear finished
          </button>
        ) : null}
      </header>
      {interrupted.length > 0 && expanded ? (
        <div className="notice notice--info transfers__banner" role="status" data-testid="transfers-interrupted">
          <InfoIcon className="notice__icon" />
          <p className="transfers__banner-text">{describeInterrupted(interrupted.length)}</p>
          <div className="transfers__banner-actions">
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => interrupted.forEach(resume)}
              data-testid="transfers-resume-all"
            >
              <RefreshIcon />
              Resume all
            </button>
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() => setDiscarding(interrupted.map((job) => job.id))}
              data-testid="transfers-discard-all"
            >
              Discard all
            </button>
          </div>
        </div>
      ) : null}
      {clearError ? (
        <p className="transfers__error" role="alert">
          Couldn’t clear the list: {clearError}
        </p>
      ) : null}
      <ul className="transfers__list" id={listId} hidden={!expanded}>
        {newestFirst.map((job) => (
          <TransferItem
            key={job.id}
            job={job}
            actionError={errors[job.id] ?? null}
            onCancel={() => act(job, api.cancelTransfer(job.id), 'cancel it')}
            onRetry={() => act(job, api.retryTransfer(job.id), 'retry it')}
            onShow={() => act(job, api.showTransfer(job.id), 'show it in its folder')}
            onResume={() => resume(job)}
            // Discarding throws away what the unfinished files already moved: that is asked first.
            onDiscard={() => (job.bytesDone > 0 ? setDiscarding([job.id]) : discard(job))}
          />
        ))}
      </ul>
      {toDiscard.length > 0 ? (
        <DiscardDialog
          jobs={toDiscard}
          onClose={() => setDiscarding(null)}
          onDiscard={() => {
            setDiscarding(null);
            toDiscard.forEach(discard);
          }}
        />
      ) : null}
    </section>
  );
}

interface TransferItemProps {
  job: TransferJob;
  actionError: string | null;
  onCancel: () => void;
  onRetry: () => void;
  onShow: () => void;
  onResume: () => void;
  onDiscard: () => void;
}

const GLYPHS = { upload: ArrowUpIcon, download: ArrowDownIcon, delete: TrashIcon, copy: CopyIcon, move: ArrowRightIcon } as const;
const VERBS = { upload: 'Upload', download: 'Download', delete: 'Delete', copy: 'Copy', move: 'Move' } as const;
/** What a failure stopped, for the error sentence. */
const GOALS = {
  upload: 'upload everything',
  download: 'download everything',
  delete: 'delete everything',
  copy: 'copy everything',
  move: 'move everything',
} as const;

function TransferItem({ job, actionError, onCancel, onRetry, onShow, onResume, onDiscard }: TransferItemProps) {
  const Glyph = GLYPHS[job.direction];
  const fraction = progressFraction(job);
  const percent = Math.round(fraction * 100);
  return (
    <li
      className={`transfer transfer--${job.status}`}
      data-testid="transfer-item"
      data-status={job.status}
      data-direction={job.direction}
      aria-label={`${VERBS[job.direction]} ${job.label}`}
    >
      <Glyph className={`transfer__icon transfer__icon--${job.direction}`} aria-hidden="true" />
      <div className="transfer__main">
        <div className="transfer__line">
          <span className="transfer__label" title={job.label}>
            {job.label}
          </span>
          <span className="transfer__status" data-testid="transfer-status">
            {describeStatus(job)}
          </span>
        </div>
        <div
          className="transfer__bar"
          role="progressbar"
          aria-label={`${job.label} progress`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          data-testid="transfer-progress"
        >
          <div className="transfer__fill" style={{ transform: `scaleX(${fraction})` }} />
        </div>
        <div className="transfer__detail" data-testid="transfer-detail">
          {describeProgress(job)}
        </div>
        {isInterrupted(job) ? (
          <p className="transfer__note" data-testid="transfer-interrupted">
            {describeInterruption(job)}
          </p>
        ) : null}
        {job.error && (job.status === 'failed' || job.filesFailed > 0) ? (
          <p className="transfer__error" data-testid="transfer-error">
            {describeActionError(job.error, GOALS[job.direction]).detail}
          </p>
        ) : null}
        {actionError ? (
          <p className="transfer__error" role="alert">
            {actionError}
          </p>
        ) : null}
      </div>
      <div className="transfer__actions">
        {job.retryable && (job.status === 'failed' || job.status === 'cancelled' || job.status === 'done') ? (
          <button type="button" className="button button--secondary button--small" onClick={onRetry} data-testid="transfer-retry">
            <RefreshIcon />
            Retry
          </button>
        ) : null}
        {isInterrupted(job) ? (
          <>
            {job.retryable ? (
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={onResume}
                aria-label={`Resume ${job.label}`}
                data-testid="transfer-resume"
              >
                <RefreshIcon />
                Resume
              </button>
            ) : null}
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={onDiscard}
              aria-label={`Discard ${job.label}`}
              data-testid="transfer-discard"
            >
              Discard
            </button>
          </>
        ) : null}
        {job.revealable && job.direction === 'download' && job.status === 'done' ? (
          <button type="button" className="button button--ghost button--small" onClick={onShow} data-testid="transfer-show">
            <FolderIcon />
            Show in folder
          </button>
        ) : null}
        {isActive(job) ? (
          <button
            type="button"
            className="icon-button"
            onClick={onCancel}
            aria-label={`Cancel ${job.label}`}
            title="Cancel"
            data-testid="transfer-cancel"
          >
            <CloseIcon />
          </button>
        ) : null}
      </div>
    </li>
  );
}

interface DiscardDialogProps {
  jobs: TransferJob[];
  onDiscard: () => void;
  onClose: () => void;
}

/** Asks before interrupted transfers are discarded: what their unfinished files moved is thrown away. */
function DiscardDialog({ jobs, onDiscard, onClose }: DiscardDialogProps) {
  const only = jobs.length === 1 ? jobs[0] : undefined;
  const done = jobs.reduce((sum, job) => sum + job.bytesDone, 0);
  const total = jobs.reduce((sum, job) => sum + job.bytesTotal, 0);
  const footer = (
    <>
      <button type="button" className="button button--secondary" onClick={onClose} data-testid="discard-keep">
        Keep
      </button>
      <button type="button" className="button button--danger" onClick={onDiscard} data-testid="discard-confirm">
        <TrashIcon />
        Discard
      </button>
    </>
  );
  return (
    <Dialog
      title={only ? `Discard ${only.label}?` : `Discard ${countOf(jobs.length, 'interrupted transfer', 'interrupted transfers')}?`}
      footer={footer}
      onClose={onClose}
      role="alertdialog"
      testId="discard-dialog"
    >
      <p className="dialog__summary">
        {formatBytes(done)} of {formatBytes(total)} already transferred.
      </p>
      <p className="dialog__muted">
        {only
          ? 'Files it finished are kept. Its partly transferred files are thrown away, and it can’t be resumed.'
          : 'Files they finished are kept. Their partly transferred files are thrown away, and they can’t be resumed.'}
      </p>
    </Dialog>
  );
}
