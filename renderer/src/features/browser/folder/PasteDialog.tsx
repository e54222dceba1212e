import { useEffect, useRef, useState } from 'react';
import type { ClashChoice, CopyPlan, IpcError, TransferJob } from '../../../../../common/ipc';
import { describeActionError } from '../actionErrors';
import { handleIpcResult } from '../../../shared/ipc/ipcResult';
import { useApi } from '../../../shared/ipc/api';
import { countOf, formatBytes } from '../../../shared/format/formatBytes';
import { Dialog } from '../../../shared/ui/Dialog';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { Spinner } from '../../../shared/ui/Spinner';
import { ClashList } from './ClashList';
import type { CopyClipboard } from './copyClipboard';

type Phase =
  | { step: 'planning' }
  | { step: 'plan-failed'; error: IpcError }
  | { step: 'ready'; plan: CopyPlan }
  | { step: 'starting'; plan: CopyPlan; choice: ClashChoice }
  /** startCopy failed: main has taken the plan, so trying again plans again. */
  | { step: 'start-failed'; error: IpcError };

interface PasteDialogProps {
  clipboard: CopyClipboard;
  /** Where it goes. */
  bucket: string;
  prefix: string;
  /** The destination as people call it: "My files › photos". */
  where: string;
  onStarted: (job: TransferJob) => void;
  /** Closed without starting (a plan, if any, has been discarded). */
  onClose: () => void;
}

/**
 * Pastes what Copy or Cut put aside: main plans the copy or move (how many
 * objects and bytes, what is archived, which names are taken there), the
 * user confirms, choosing Replace, Skip existing or Keep both when names are
 * taken, and the job runs in the transfers panel.
 */
export function PasteDialog({ clipboard, bucket, prefix, where, onStarted, onClose }: PasteDialogProps) {
  const api = useApi();
  const [phase, setPhase] = useState<Phase>({ step: 'planning' });
  const [attempt, setAttempt] = useState(0);
  const { mode, keys, prefixes } = clipboard;
  const verb = mode === 'move' ? 'Move' : 'Copy';
  const defaultRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let current = true;
    setPhase({ step: 'planning' });
    handleIpcResult(
      api.planCopy({ mode, bucket: clipboard.bucket, keys, prefixes, destinationBucket: bucket, destinationPrefix: prefix }),
      (plan) => {
        // Closed (or planned again) meanwhile: main need not hold this one until it expires.
        if (current) setPhase({ step: 'ready', plan });
        else api.discardCopy(plan.planId).catch(() => undefined);
      },
      (error) => {
        if (current) setPhase({ step: 'plan-failed', error });
      },
    );
    return () => {
      current = false;
    };
  }, [api, mode, clipboard.bucket, keys, prefixes, bucket, prefix, attempt]);

  // The buttons are disabled while planning: once the plan is in, the default answer takes the focus, so Enter confirms.
  useEffect(() => {
    if (phase.step === 'ready' || phase.step === 'plan-failed' || phase.step === 'start-failed') defaultRef.current?.focus();
  }, [phase.step]);

  const start = (plan: CopyPlan, choice: ClashChoice) => {
    setPhase({ step: 'starting', plan, choice });
    handleIpcResult(api.startCopy({ planId: plan.planId, clashes: choice }), onStarted, (error) => {
      api.discardCopy(plan.planId).catch(() => undefined);
      setPhase({ step: 'start-failed', error });
    });
  };

  const cancel = () => {
    if (phase.step === 'ready') api.discardCopy(phase.plan.planId).catch(() => undefined);
    onClose();
  };

  const plan = phase.step === 'ready' || phase.step === 'starting' ? phase.plan : null;
  const busy = phase.step === 'starting';
  const choosing = (choice: ClashChoice) => phase.step === 'starting' && phase.choice === choice;
  const what = `${verb.toLowerCase()} ${clipboard.what} to ${where}`;

  const choice = (value: ClashChoice, label: string, className: string, autofocus = false) => (
    <button
      type="button"
      ref={autofocus ? defaultRef : undefined}
      className={`button ${className}`}
      onClick={() => plan && start(plan, value)}
      disabled={!plan || busy}
      data-autofocus={autofocus ? true : undefined}
      data-testid={`paste-${value}`}
    >
      {choosing(value) ? <Spinner /> : null}
      {label}
    </button>
  );

  const footer = (
    <>
      <button type="button" className="button button--secondary" onClick={cancel} disabled={busy} data-testid="paste-cancel">
        Cancel
      </button>
      {phase.step === 'plan-failed' || phase.step === 'start-failed' ? (
        <button type="button" className="button button--primary" onClick={() => setAttempt((n) => n + 1)} ref={defaultRef} data-testid="paste-retry">
          Try again
        </button>
      ) : plan && plan.clashCount > 0 ? (
        <>
          {choice('skip', 'Skip existing', 'button--secondary')}
          {/* Keeping both loses nothing, and is what pasting a copy into its own folder is for. */}
          {choice('keep-both', 'Keep both', 'button--primary', true)}
          {choice('replace', 'Replace', 'button--danger')}
        </>
      ) : (
        // Without clashes every answer does the same.
        choice('replace', verb, 'button--primary', true)
      )}
    </>
  );

  return (
    <Dialog title={`${verb} ${clipboard.what} to ${where}?`} footer={footer} onClose={cancel} busy={busy} testId="paste-dialog">
      {phase.step === 'planning' ? (
        <p className="dialog__status" data-testid="paste-planning">
          <Spinner /> Counting what’s in {clipboard.what}…
        </p>
      ) : phase.step === 'plan-failed' || phase.step === 'start-failed' ? (
        <ErrorNotice {...describeActionError(phase.error, what)} testId="paste-error" />
      ) : plan ? (
        <>
          <p className="dialog__summary" data-testid="paste-summary">
            {plan.objectCount === 0
              ? 'Only empty folders: nothing but their names goes.'
              : `${verb} ${countOf(plan.objectCount, 'object', 'objects')} (${formatBytes(plan.totalBytes)}) to ${where}.`}
          </p>
          {plan.archivedCount > 0 ? (
            <ErrorNotice
              tone="warning"
              title={`${countOf(plan.archivedCount, 'object is', 'objects are')} in archive storage`}
              detail={`${plan.archivedCount === 1 ? 'It' : 'They'} can be copied only while a restored copy exists; otherwise ${plan.archivedCount === 1 ? 'it fails' : 'they fail'} and can be retried after restoring.`}
              testId="paste-archived"
            />
          ) : null}
          {plan.clashCount > 0 ? (
            <>
              <p data-testid="paste-clash-count">
                {countOf(plan.clashCount, 'item with the same name is', 'items with the same names are')} already there:
              </p>
              <ClashList plan={plan} />
            </>
          ) : null}
        </>
      ) : null}
    </Dialog>
  );
}
