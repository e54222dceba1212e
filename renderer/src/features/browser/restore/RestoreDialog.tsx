import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { MAX_RESTORE_DAYS, type IpcError, type RestoreSummary, type RestoreTier } from '../../../../../common/ipc';
import { useApi } from '../../../shared/ipc/api';
import { handleIpcResult } from '../../../shared/ipc/ipcResult';
import { Dialog } from '../../../shared/ui/Dialog';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { Spinner } from '../../../shared/ui/Spinner';
import { TextField } from '../../../shared/ui/TextField';
import { describeActionError } from '../actionErrors';
import { DEFAULT_RESTORE_DAYS, TIER_CHOICES, describeTierTiming, isTierOffered, restoreDaysProblem, type ArchiveClasses } from './restoreTiers';
import { describeRestoreSummary } from './restoreWording';
import './RestoreDialog.css';

type Phase =
  | { step: 'choosing'; error: IpcError | null }
  | { step: 'restoring' }
  | { step: 'done'; summary: RestoreSummary; days: number; tier: RestoreTier };

export interface RestoreRequest {
  bucket: string;
  keys: string[];
  prefixes: string[];
  /** The folder being browsed: objects are named relative to it. */
  basePrefix: string;
  /** What is restored, in words: “2019.tar”, “3 items”. */
  what: string;
  /** Which archive classes it holds, as far as known (selected files are; the contents of folders are not). */
  classes: ArchiveClasses;
}

interface RestoreDialogProps {
  request: RestoreRequest;
  /** S3 answered for every object; the summary says how. */
  onRestored?: (summary: RestoreSummary) => void;
  /** Close at once when everything asked for started (or was under way already), rather than show the summary. */
  closeWhenStarted?: boolean;
  onClose: () => void;
}

/**
 * Asks S3 for temporary readable copies of archived objects: for how many
 * days, and at which retrieval tier, each explained with the time it takes
 * for the archive classes involved (Expedited is not offered when everything
 * is in Deep Archive, which has no such tier). Then says what S3 did with
 * each object: started, under way already, extended, not archived, or why not.
 */
export function RestoreDialog({ request, onRestored, closeWhenStarted = false, onClose }: RestoreDialogProps) {
  const api = useApi();
  const group = useId();
  const timingId = useId();
  const [daysText, setDaysText] = useState(String(DEFAULT_RESTORE_DAYS));
  const [daysProblem, setDaysProblem] = useState<string | null>(null);
  const offered = TIER_CHOICES.filter((choice) => isTierOffered(choice, request.classes));
  const [tier, setTier] = useState<RestoreTier>('Standard');
  const [phase, setPhase] = useState<Phase>({ step: 'choosing', error: null });
  const daysRef = useRef<HTMLInputElement>(null);
  const doneRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (phase.step === 'done') doneRef.current?.focus();
  }, [phase.step]);

  const restore = () => {
    if (phase.step === 'restoring') return;
    const problem = restoreDaysProblem(daysText);
    setDaysProblem(problem);
    if (problem) {
      daysRef.current?.focus();
      return;
    }
    const days = Number(daysText.trim());
    setPhase({ step: 'restoring' });
    handleIpcResult(
      api.restoreObjects({ bucket: request.bucket, keys: request.keys, prefixes: request.prefixes, days, tier }),
      (summary) => {
        onRestored?.(summary);
        if (closeWhenStarted && summary.failed === 0) onClose();
        else setPhase({ step: 'done', summary, days, tier });
      },
      (error) => setPhase({ step: 'choosing', error }),
    );
  };

  const onEnter = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    restore();
  };

  const title = `Restore ${request.what} from archive`;

  if (phase.step === 'done') {
    const view = describeRestoreSummary(phase.summary, phase.days, request.basePrefix);
    const chosen = TIER_CHOICES.find((choice) => choice.tier === phase.tier)!;
    return (
      <Dialog
        title={title}
        footer={
          <button ref={doneRef} type="button" className="button button--primary" onClick={onClose} data-autofocus data-testid="restore-done">
            Done
          </button>
        }
        onClose={onClose}
        testId="restore-dialog"
      >
        <p className={`restore__result restore__result--${view.tone}`} role="status" data-testid="restore-result">
          {view.title}
        </p>
        {phase.summary.started > 0 ? (
          <p className="dialog__muted" data-testid="restore-timing">
            {chosen.label}: {describeTierTiming(chosen, request.classes)} The restored copy can then be downloaded for{' '}
            {phase.days === 1 ? '1 day' : `${phase.days} days`}.
          </p>
        ) : null}
        {view.lines.map((line) => (
          <p key={line}>{line}</p>
        ))}
        {view.failures.length > 0 ? (
          <ul className="dialog__list" data-testid="restore-failures">
            {view.failures.map((failure) => (
              <li key={failure.name}>
                <span className="dialog__key">{failure.name}</span>: {failure.message}
              </li>
            ))}
          </ul>
        ) : null}
        {view.moreFailures > 0 ? <p className="dialog__muted">and {view.moreFailures.toLocaleString()} more.</p> : null}
      </Dialog>
    );
  }

  const restoring = phase.step === 'restoring';
  const error = phase.step === 'choosing' ? phase.error : null;
  const footer = (
    <>
      <button type="button" className="button button--secondary" onClick={onClose} disabled={restoring} data-testid="restore-cancel">
        Cancel
      </button>
      <button type="button" className="button button--primary" onClick={restore} disabled={restoring} aria-busy={restoring} data-testid="restore-start">
        {restoring ? <Spinner /> : null}
        {restoring ? 'Restoring…' : 'Restore'}
      </button>
    </>
  );

  return (
    <Dialog title={title} footer={footer} onClose={onClose} busy={restoring} testId="restore-dialog">
      <p>Archived objects can’t be downloaded or previewed until S3 makes a temporary restored copy of them. The archived object stays as it is.</p>
      <TextField
        label="Keep the restored copy for (days)"
        type="number"
        inputMode="numeric"
        min={1}
        max={MAX_RESTORE_DAYS}
        value={daysText}
        onChange={(value) => {
          setDaysText(value);
          setDaysProblem(null);
        }}
        onKeyDown={onEnter}
        error={daysProblem}
        hint={`1 to ${MAX_RESTORE_DAYS} days. After that only the archived object remains.`}
        inputRef={daysRef}
        disabled={restoring}
        data-autofocus
        data-testid="restore-days"
        errorTestId="restore-days-error"
      />
      <fieldset className="restore__tiers" onKeyDown={onEnter} disabled={restoring}>
        <legend className="restore__legend">Retrieval tier</legend>
        {TIER_CHOICES.map((choice) => {
          const available = offered.includes(choice);
          return (
            <label key={choice.tier} className={`restore__tier${available ? '' : ' restore__tier--unavailable'}`}>
              <input
                type="radio"
                name={group}
                value={choice.tier}
                checked={tier === choice.tier}
                disabled={!available}
                onChange={() => setTier(choice.tier)}
                aria-describedby={`${timingId}-${choice.tier}`}
                data-testid={`restore-tier-${choice.tier}`}
              />
              <span className="restore__tier-text">
                <span className="restore__tier-name">{choice.label}</span>
                <span id={`${timingId}-${choice.tier}`} className="restore__tier-timing">
                  {describeTierTiming(choice, request.classes)}
                </span>
              </span>
            </label>
          );
        })}
      </fieldset>
      <p className="dialog__muted">AWS charges for each restore by the amount retrieved: Bulk costs least, Expedited most.</p>
      {error ? <ErrorNotice {...describeActionError(error, `restore ${request.what}`)} testId="restore-error" /> : null}
    </Dialog>
  );
}
