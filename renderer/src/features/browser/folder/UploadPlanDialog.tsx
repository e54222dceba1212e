import { useState } from 'react';
import type { IpcError, TransferJob, UploadPlan } from '../../../../../common/ipc';
import { describeActionError } from '../actionErrors';
import { handleIpcResult } from '../../../shared/ipc/ipcResult';
import { useApi } from '../../../shared/ipc/api';
import { countOf, formatBytes } from '../../../shared/format/formatBytes';
import { Dialog } from '../../../shared/ui/Dialog';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { Spinner } from '../../../shared/ui/Spinner';

interface UploadPlanDialogProps {
  plan: UploadPlan;
  /** Where it goes, as people call it ("My files/photos/"). */
  where: string;
  onStarted: (job: TransferJob) => void;
  /** Closed without uploading (the plan has been discarded). */
  onClose: () => void;
}

/**
 * Asks before an upload that would replace existing objects (Replace, Skip
 * existing, Cancel), and tells what cannot be uploaded at all.
 */
export function UploadPlanDialog({ plan, where, onStarted, onClose }: UploadPlanDialogProps) {
  const api = useApi();
  const [busy, setBusy] = useState<'replace' | 'skip' | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const uploadable = plan.fileCount;
  const onlyExisting = plan.existingCount >= plan.fileCount;

  const start = (existing: 'replace' | 'skip') => {
    setBusy(existing);
    setError(null);
    handleIpcResult(
      api.startUpload({ planId: plan.planId, existing }),
      (job) => {
        setBusy(null);
        onStarted(job);
      },
      (failure) => {
        setBusy(null);
        setError(failure);
      },
    );
  };

  const cancel = () => {
    api.discardUpload(plan.planId).catch(() => undefined);
    onClose();
  };

  const title =
    plan.existingCount > 0
      ? plan.existingCount === 1
        ? `“${plan.existing[0]?.split('/').pop() ?? ''}” already exists in ${where}`
        : `${countOf(plan.existingCount, 'item already exists', 'items already exist')} in ${where}`
      : uploadable === 0
        ? 'Nothing can be uploaded'
        : `Upload ${countOf(uploadable, 'file', 'files')} to ${where}?`;

  const footer =
    uploadable === 0 ? (
      <button type="button" className="button button--primary" onClick={cancel} data-testid="overwrite-cancel">
        Close
      </button>
    ) : (
      <>
        <button type="button" className="button button--secondary" onClick={cancel} disabled={busy !== null} data-testid="overwrite-cancel">
          Cancel
        </button>
        {plan.existingCount > 0 ? (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => start('skip')}
            disabled={busy !== null || onlyExisting}
            title={onlyExisting ? 'Every file already exists' : undefined}
            data-testid="overwrite-skip"
          >
            {busy === 'skip' ? <Spinner /> : null}
            Skip existing
          </button>
        ) : null}
        <button
          type="button"
          className="button button--primary"
          onClick={() => start('replace')}
          disabled={busy !== null}
          data-autofocus
          data-testid={plan.existingCount > 0 ? 'overwrite-replace' : 'upload-start'}
        >
          {busy === 'replace' ? <Spinner /> : null}
          {plan.existingCount > 0 ? 'Replace' : 'Upload'}
        </button>
      </>
    );

  return (
    <Dialog title={title} footer={footer} onClose={cancel} busy={busy !== null} testId="overwrite-dialog">
      <p className="dialog__summary" data-testid="upload-summary">
        {countOf(plan.fileCount, 'file', 'files')}, {formatBytes(plan.totalBytes)}
      </p>
      {plan.existingCount > 0 ? (
        <>
          <p>Replacing overwrites {plan.existingCount === 1 ? 'it' : 'them'} with the files you chose:</p>
          <ul className="dialog__list" data-testid="overwrite-existing">
            {plan.existing.map((key) => (
              <li key={key}>{key.startsWith(plan.prefix) ? key.slice(plan.prefix.length) : key}</li>
            ))}
          </ul>
          {plan.existingCount > plan.existing.length ? (
            <p className="dialog__muted">and {countOf(plan.existingCount - plan.existing.length, 'more', 'more')}</p>
          ) : null}
        </>
      ) : null}
      {plan.problems.length > 0 ? (
        <>
          <ErrorNotice tone="warning" title={`${countOf(plan.problems.length, 'item', 'items')} can’t be uploaded`} />
          <ul className="dialog__list" data-testid="upload-problems">
            {plan.problems.map((problem, index) => (
              <li key={`${index}:${problem.name}`}>
                <span className="dialog__key">{problem.name}</span> — {problem.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {error ? <ErrorNotice {...describeActionError(error, `upload to ${where}`)} testId="upload-error" /> : null}
    </Dialog>
  );
}
