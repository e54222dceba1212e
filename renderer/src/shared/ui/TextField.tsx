import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import './Field.css';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  error: string | null;
  inputRef?: Ref<HTMLInputElement>;
  errorTestId?: string;
}

/** A labelled text input with an optional hint and an error line under it. */
export function TextField({ label, value, onChange, hint, error, inputRef, errorTestId, ...inputProps }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint && !error ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <div className="field__control">
        <input
          id={id}
          ref={inputRef}
          className="input"
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
          {...inputProps}
        />
      </div>
      <p id={errorId} className="field__error" aria-live="polite" data-testid={errorTestId}>
        {error}
      </p>
      {hint && !error ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
