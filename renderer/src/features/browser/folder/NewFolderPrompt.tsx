import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { createFolderRequestSchema, type FolderEntry } from '../../../../../common/ipc';
import { describeActionError } from '../actionErrors';
import { handleIpcResult } from '../../../shared/ipc/ipcResult';
import { useApi } from '../../../shared/ipc/api';
import { FolderPlusIcon } from '../../../shared/ui/Icons';
import { Spinner } from '../../../shared/ui/Spinner';
import './NewFolderPrompt.css';

interface NewFolderPromptProps {
  bucket: string;
  prefix: string;
  /** Whether a folder of this name is already listed here. */
  exists: (name: string) => boolean;
  onCreated: (folder: FolderEntry) => void;
  onCancel: () => void;
}

/** Checks a name the way main will, plus a clash with a folder already listed. */
export function validateFolderName(bucket: string, prefix: string, name: string, exists: (name: string) => boolean): string | null {
  const parsed = createFolderRequestSchema.safeParse({ bucket, prefix, name });
  if (!parsed.success) {
    const issue = parsed.error.issues.find((candidate) => candidate.path[0] === 'name') ?? parsed.error.issues[0];
    if (issue?.code === 'too_big') return 'A folder name can be at most 255 characters.';
    return issue?.message ?? 'This name can’t be used.';
  }
  if (exists(parsed.data.name)) return `A folder named “${parsed.data.name}” already exists here.`;
  return null;
}

/** "New folder": an inline name field that checks the name, creates the folder and hands it back. */
export function NewFolderPrompt({ bucket, prefix, exists, onCreated, onCancel }: NewFolderPromptProps) {
  const api = useApi();
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const errorId = useId();

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  const change = (value: string) => {
    setName(value);
    // After a first attempt, the message follows the typing.
    if (checked) setMessage(validateFolderName(bucket, prefix, value, exists));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setChecked(true);
    const problem = validateFolderName(bucket, prefix, name, exists);
    setMessage(problem);
    if (problem) {
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    handleIpcResult(
      api.createFolder({ bucket, prefix, name: name.trim() }),
      (folder) => {
        setBusy(false);
        onCreated(folder);
      },
      (error) => {
        setBusy(false);
        setMessage(describeActionError(error, 'create the folder').detail);
        inputRef.current?.focus();
      },
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    event.stopPropagation();
    if (event.key === 'Escape' && !busy) {
      event.preventDefault();
      onCancel();
    }
  };

  return (
    <form className="new-folder" onSubmit={submit} onKeyDown={onKeyDown} aria-label="New folder" data-testid="new-folder-form" noValidate>
      <FolderPlusIcon className="new-folder__icon" />
      <label className="visually-hidden" htmlFor={`${errorId}-input`}>
        New folder name
      </label>
      <input
        ref={inputRef}
        id={`${errorId}-input`}
        className={`new-folder__input${message ? ' new-folder__input--invalid' : ''}`}
        value={name}
        onChange={(event) => change(event.target.value)}
        placeholder="Folder name"
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? errorId : undefined}
        disabled={busy}
        spellCheck={false}
        autoComplete="off"
        data-testid="new-folder-input"
      />
      <button type="submit" className="button button--primary button--small" disabled={busy} data-testid="new-folder-submit">
        {busy ? <Spinner /> : null}
        {busy ? 'Creating…' : 'Create'}
      </button>
      <button type="button" className="button button--ghost button--small" onClick={onCancel} disabled={busy} data-testid="new-folder-cancel">
        Cancel
      </button>
      {message ? (
        <p id={errorId} className="new-folder__error" role="alert" data-testid="new-folder-error">
          {message}
        </p>
      ) : null}
    </form>
  );
}
