import { useEffect, useRef, type KeyboardEvent } from 'react';
import { Spinner } from '../../shared/ui/Spinner';
import './ForgetConfirm.css';

interface ForgetConfirmProps {
  /** The question, e.g. "Forget bob on desk.example.com?" */
  question: string;
  /** What forgetting means for the user. */
  consequence: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * The inline "are you sure?" for forgetting an account. Focus lands on
 * Cancel, the harmless choice, so a second Enter cannot forget by accident;
 * Escape backs out of the question only, not the menu around it.
 */
export function ForgetConfirm({ question, consequence, busy, onConfirm, onCancel }: ForgetConfirmProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    cancelRef.current?.focus();
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' && !busy) {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    }
  };

  return (
    <div className="forget-confirm" role="group" aria-label={question} onKeyDown={onKeyDown}>
      <p className="forget-confirm__question">{question}</p>
      <p className="forget-confirm__consequence">{consequence}</p>
      <div className="forget-confirm__actions">
        <button
          type="button"
          className="button button--danger button--small"
          onClick={onConfirm}
          disabled={busy}
          aria-busy={busy}
          data-testid="confirm-forget"
        >
          {busy ? <Spinner /> : null}
          {busy ? 'Forgetting…' : 'Forget'}
        </button>
        <button
          type="button"
          ref={cancelRef}
          className="button button--secondary button--small"
          onClick={onCancel}
          disabled={busy}
          data-testid="cancel-forget"
        >
          Cancel
        </button>
      </div>
    </div>
  );
}
