import { useId, useState } from 'react';
import type { IpcResult, TransferJob } from '../../../../common/ipc';
import { useTransfers } from './useTransfers';
import { describeActionError } from '../browser/actionErrors';
import { useApi } from '../../shared/ipc/api';
import { handleIpcResult } from '../../shared/ipc/ipcResult';
import { describeProgress, describeStatus, isActive, progressFraction, summarizeTransfers } from './transfers';
import { ArrowDownIcon, ArrowUpIcon, ChevronDownIcon, CloseIcon, FolderIcon, RefreshIcon, TrashIcon } from '../../shared/ui/Icons';
import './TransfersPanel.css';

/**
 * Every upload, download and delete of this session, newest first, with progress,
 * speed and time left, and the actions each allows. It lives above the
 * folder views, so it keeps updating while the user browses.
 */
export function TransfersPanel() {
  const api = useApi();
  const { jobs, upsert, replaceAll, expanded, setExpanded } = useTransfers();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [clearError, setClearError] = useState<string | null>(null);
  const listId = useId();

  if (jobs.length === 0) return null;

  const act = (job: TransferJob, call: Promise<IpcResult<TransferJob | null>>, what: string) => {
    setErrors(({ [job.id]: _gone, ...rest }) => rest);
    handleIpcResult(
      call,
      (updated) => {
        if (updated) upsert(updated);
      },
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

  const finished = jobs.some((job) => !isActive(job));
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
          />
        ))}
      </ul>
    </section>
  );
}

interface TransferItemProps {
  job: TransferJob;
  actionError: string | null;
  onCancel: () => void;
  onRetry: () => void;
  onShow: () => void;
}

const GLYPHS = { upload: ArrowUpIcon, download: ArrowDownIcon, delete: TrashIcon } as const;
const VERBS = { upload: 'Upload', download: 'Download', delete: 'Delete' } as const;
/** What a failure stopped, for the error sentence. */
const GOALS = { upload: 'upload everything', download: 'download everything', delete: 'delete everything' } as const;

function TransferItem({ job, actionError, onCancel, onRetry, onShow }: TransferItemProps) {
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
