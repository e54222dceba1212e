import { useId, useState, type Ref } from 'react';
import { EyeIcon, EyeOffIcon } from './Icons';
import './Field.css';

interface PasswordFieldProps {
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  disabled: boolean;
  autoFocus: boolean;
  inputRef: Ref<HTMLInputElement>;
}

/** The password input with a show/hide toggle. */
export function PasswordField({ value, onChange, error, disabled, autoFocus, inputRef }: PasswordFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const [visible, setVisible] = useState(false);
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        Password
      </label>
      <div className="field__control field__control--with-action">
        <input
          id={id}
          ref={inputRef}
          className="input"
          name="password"
          type={visible ? 'text' : 'password'}
          autoComplete="current-password"
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          value={value}
          disabled={disabled}
          autoFocus={autoFocus}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
        <button
          type="button"
          className="field__action"
          aria-label={visible ? 'Hide password' : 'Show password'}
          aria-pressed={visible}
          title={visible ? 'Hide password' : 'Show password'}
          disabled={disabled}
          onClick={() => setVisible((shown) => !shown)}
        >
          {visible ? <EyeOffIcon /> : <EyeIcon />}
        </button>
      </div>
      <p id={errorId} className="field__error" aria-live="polite">
        {error}
      </p>
    </div>
  );
}
