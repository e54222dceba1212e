import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ClashChoice, CopyPlan, IpcError, TransferJob } from '../../../../../common/ipc';
import { describeActionError } from '../actionErrors';
import type { ListingEntry } from '../entries';
import { handleIpcResult } from '../../../shared/ipc/ipcResult';
import { useApi } from '../../../shared/ipc/api';
import { countOf } from '../../../shared/format/formatBytes';
import { Dialog } from '../../../shared/ui/Dialog';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { Spinner } from '../../../shared/ui/Spinner';
import { TextField } from '../../../shared/ui/TextField';
import { ClashList } from './ClashList';
import { nameStemLength, validateNewName } from './itemNames';

type Phase =
  | { step: 'naming' }
  | { step: 'planning' }
  /** The new name is taken: the plan waits for Replace or Keep both. */
  | { step: 'clash'; plan: CopyPlan }
  | { step: 'starting'; plan: CopyPlan; choice: ClashChoice };

interface RenameDialogProps {
  bucket: string;
  entry: ListingEntry;
  /** The rename runs as a move job in the transfers panel; the listing refreshes when it finishes. */
  onStarted: (job: TransferJob) => void;
  onClose: () => void;
}

/**
 * Renames one file or folder: the name is checked here first (empty, "/",
 * "." or "..", unchanged), then main plans the move; when the new name is
 * taken the user chooses Replace or Keep both ("name (1).ext"). Skip is not
 * offered: skipping the only item would do nothing.
 */
export function RenameDialog({ bucket, entry, onStarted, onClose }: RenameDialogProps) {
  const api = useApi();
  const [name, setName] = useState(entry.name);
  const [message, setMessage] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>({ step: 'naming' });
  const [error, setError] = useState<IpcError | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const keepBothRef = useRef<HTMLButtonElement>(null);
  // A plan that arrives after the dialog closed is discarded, not left for main to expire.
  const open = useRef(true);
  const from = entry.kind === 'file' ? entry.object.key : entry.folder.prefix;
  const what = `rename “${entry.name}”`;

  useEffect(() => {
    open.current = true;
    // The name is selected without its extension, so typing replaces just the name, as file managers do.
    inputRef.current?.setSelectionRange(0, entry.kind === 'file' ? nameStemLength(entry.name) : entry.name.length);
    return () => {
      open.current = false;
    };
  }, [entry]);

  useEffect(() => {
    if (phase.step === 'clash') keepBothRef.current?.focus();
    if (phase.step === 'naming') inputRef.current?.focus();
  }, [phase.step]);

  const start = (plan: CopyPlan, choice: ClashChoice) => {
    setPhase({ step: 'starting', plan, choice });
    setError(null);
    handleIpcResult(api.startCopy({ planId: plan.planId, clashes: choice }), onStarted, (failure) => {
      // Main has taken the plan by now: trying again plans it again.
      api.discardCopy(plan.planId).catch(() => undefined);
      setError(failure);
      setPhase({ step: 'naming' });
    });
  };

  const submit = () => {
    if (phase.step !== 'naming') return;
    const problem = validateNewName(entry.name, name);
    setMessage(problem);
    setError(null);
    if (problem) {
      inputRef.current?.focus();
      return;
    }
    setPhase({ step: 'planning' });
    handleIpcResult(
      api.planRename({ bucket, from, newName: name.trim() }),
      (plan) => {
        if (!open.current) {
          api.discardCopy(plan.planId).catch(() => undefined);
          return;
        }
        // Without a clash any answer does the same: start at once.
        if (plan.clashCount > 0) setPhase({ step: 'clash', plan });
        else start(plan, 'replace');
      },
      (failure) => {
        setError(failure);
        setPhase({ step: 'naming' });
      },
    );
  };

  const cancel = () => {
    if (phase.step === 'clash') api.discardCopy(phase.plan.planId).catch(() => undefined);
    onClose();
  };

  const onInputKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    submit();
  };

  const busy = phase.step === 'planning' || phase.step === 'starting';
  const clashPlan = phase.step === 'clash' || phase.step === 'starting' ? phase.plan : null;
  const newName = name.trim();
  const kind = entry.kind === 'folder' ? 'folder' : 'file';

  const footer = clashPlan ? (
    <>
      <button type="button" className="button button--secondary" onClick={cancel} disabled={busy} data-testid="rename-cancel">
        Cancel
      </button>
      <button
        ref={keepBothRef}
        type="button"
        className="button button--secondary"
        onClick={() => start(clashPlan, 'keep-both')}
        disabled={busy}
        data-testid="rename-keep-both"
      >
        {phase.step === 'starting' && phase.choice === 'keep-both' ? <Spinner /> : null}
        Keep both
      </button>
      <button type="button" className="button button--danger" onClick={() => start(clashPlan, 'replace')} disabled={busy} data-testid="rename-replace">
        {phase.step === 'starting' && phase.choice === 'replace' ? <Spinner /> : null}
        Replace
      </button>
    </>
  ) : (
    <>
      <button type="button" className="button button--secondary" onClick={cancel} disabled={phase.step === 'starting'} data-testid="rename-cancel">
        Cancel
      </button>
      <button type="button" className="button button--primary" onClick={submit} disabled={busy} aria-busy={busy} data-testid="rename-accept">
        {busy ? <Spinner /> : null}
        {busy ? 'Renaming…' : 'Rename'}
      </button>
    </>
  );

  return (
    <Dialog title={`Rename ${kind} “${entry.name}”`} footer={footer} onClose={cancel} busy={phase.step === 'starting'} testId="rename-dialog">
      {clashPlan ? (
        <>
          <p data-testid="rename-clash">
            {entry.kind === 'file'
              ? `A file named “${newName}” already exists here. Replace it, or keep both (this one is then named with a number)?`
              : `A folder named “${newName}” already exists here, and ${countOf(clashPlan.clashCount, 'item in it has', 'items in it have')} the same name as one being moved. Replace ${clashPlan.clashCount === 1 ? 'it' : 'them'}, or keep both?`}
          </p>
          {entry.kind === 'folder' ? <ClashList plan={clashPlan} /> : null}
        </>
      ) : (
        <TextField
          label="New name"
          value={name}
          onChange={(value) => {
            setName(value);
            // After a first attempt, the message follows the typing.
            if (message !== null) setMessage(validateNewName(entry.name, value));
          }}
          onKeyDown={onInputKeyDown}
          error={message}
          inputRef={inputRef}
          readOnly={phase.step === 'planning'}
          spellCheck={false}
          autoComplete="off"
          data-autofocus
          data-testid="rename-input"
          errorTestId="rename-message"
        />
      )}
      {error ? <ErrorNotice {...describeActionError(error, what)} testId="rename-error" /> : null}
    </Dialog>
  );
}
