import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { IpcError, SessionState } from '../../../../common/ipc';
import { useApi } from '../../shared/ipc/api';
import { checkBackendUrl, displayHost } from './backendUrl';
import { describeSignInError, type SignInErrorView } from './signInErrors';
import { useCountdown } from '../../shared/hooks/useCountdown';
import { ErrorNotice } from '../../shared/ui/ErrorNotice';
import { LockIcon } from '../../shared/ui/Icons';
import { PasswordField } from '../../shared/ui/PasswordField';
import { Spinner } from '../../shared/ui/Spinner';
import { TextField } from '../../shared/ui/TextField';
import './SignInForm.css';

interface SignInFormProps {
  initialBackendUrl: string | null;
  initialUsername: string | null;
  /** The only address the organisation's policy allows: shown read-only, and used whatever else was remembered. */
  lockedBackendUrl: string | null;
  /** Set while a saved account is being continued, so two sign-ins never race. */
  disabled: boolean;
  onBusyChange: (busy: boolean) => void;
  onSignedIn: (state: SessionState) => void;
  /** When adding an account: goes back to the browser. */
  onCancel: (() => void) | null;
}

type FieldName = 'backendUrl' | 'username' | 'password';

/** Used when the server does not say how long to wait. */
const DEFAULT_RETRY_AFTER_SECONDS = 30;

/** Organisation address, username and password: the way in without a saved account. */
export function SignInForm({
  initialBackendUrl,
  initialUsername,
  lockedBackendUrl,
  disabled,
  onBusyChange,
  onSignedIn,
  onCancel,
}: SignInFormProps) {
  const api = useApi();
  const [typedBackendUrl, setBackendUrl] = useState(initialBackendUrl ?? '');
  const backendUrl = lockedBackendUrl ?? typedBackendUrl;
  const [username, setUsername] = useState(initialUsername ?? '');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<SignInErrorView | null>(null);
  const [rateLimitedUntil, setRateLimitedUntil] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [focusRequest, setFocusRequest] = useState<{ field: FieldName } | null>(null);
  const secondsLeft = useCountdown(rateLimitedUntil);
  const rateLimited = rateLimitedUntil !== null && secondsLeft > 0;

  const inputs = {
    backendUrl: useRef<HTMLInputElement>(null),
    username: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };
  const firstEmpty: FieldName = !backendUrl ? 'backendUrl' : !username ? 'username' : 'password';
  const [autoFocusField] = useState<FieldName>(firstEmpty);

  useEffect(() => onBusyChange(busy), [busy, onBusyChange]);

  // Focus moves once the fields are enabled again (they are disabled while busy).
  useEffect(() => {
    if (!busy && focusRequest) {
      inputs[focusRequest.field].current?.focus();
    }
    // `inputs` holds refs, which never change, so it is not a dependency.
  }, [busy, focusRequest]);

  const setFieldError = (field: FieldName, message: string | null) =>
    setFieldErrors((errors) => {
      const next = { ...errors };
      if (message) next[field] = message;
      else delete next[field];
      return next;
    });

  const onBackendUrlBlur = () => {
    if (backendUrl.trim() === '') return;
    const check = checkBackendUrl(backendUrl);
    setFieldError('backendUrl', check.ok ? null : check.message);
  };

  const onBackendUrlChange = (value: string) => {
    setBackendUrl(value);
    if (fieldErrors.backendUrl) {
      const check = checkBackendUrl(value);
      setFieldError('backendUrl', check.ok ? null : check.message);
    }
  };

  const showError = (error: IpcError, host: string) => {
    if (error.code === 'rate_limited') {
      const seconds = error.retryAfterSeconds && error.retryAfterSeconds > 0 ? error.retryAfterSeconds : DEFAULT_RETRY_AFTER_SECONDS;
      setRateLimitedUntil(Date.now() + seconds * 1000);
      return;
    }
    const view = describeSignInError(error, host);
    if (view.placement === 'backendUrl') {
      setFieldError('backendUrl', view.title);
      setFocusRequest({ field: 'backendUrl' });
      return;
    }
    setFormError(view);
    if (error.code === 'invalid_credentials') {
      setPassword('');
      setFocusRequest({ field: 'password' });
    }
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy || rateLimited || disabled) return;

    const urlCheck = checkBackendUrl(backendUrl);
    const errors: Partial<Record<FieldName, string>> = {};
    if (!urlCheck.ok) errors.backendUrl = urlCheck.message;
    if (username.trim() === '') errors.username = 'Enter your username.';
    if (password === '') errors.password = 'Enter your password.';
    setFieldErrors(errors);
    const firstInvalid = (['backendUrl', 'username', 'password'] as const).find((field) => errors[field]);
    if (firstInvalid || !urlCheck.ok) {
      setFormError(null);
      setFocusRequest({ field: firstInvalid ?? 'backendUrl' });
      return;
    }

    setBusy(true);
    setFormError(null);
    setRateLimitedUntil(null);
    const host = displayHost(urlCheck.url);
    try {
      const result = await api.signIn({ backendUrl: urlCheck.url, username: username.trim(), password });
      if (result.ok) {
        if (result.value.status === 'signed-in') {
          onSignedIn(result.value);
          return;
        }
        showError({ code: 'internal_error', message: 'The sign-in did not complete. Try again.' }, host);
      } else {
        showError(result.error, host);
      }
    } catch (error) {
      showError({ code: 'internal_error', message: error instanceof Error ? error.message : String(error) }, host);
    }
    setBusy(false);
  };

  return (
    <form
      className="sign-in__form"
      onSubmit={onSubmit}
      noValidate
      aria-busy={busy}
      aria-label="Sign in"
      data-testid="sign-in-form"
    >
      <fieldset className="sign-in__fields" disabled={busy}>
        <TextField
          label="Organisation address"
          name="backendUrl"
          type="text"
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          placeholder="desk.example.com"
          value={backendUrl}
          onChange={onBackendUrlChange}
          onBlur={onBackendUrlBlur}
          autoFocus={autoFocusField === 'backendUrl'}
          inputRef={inputs.backendUrl}
          error={fieldErrors.backendUrl ?? null}
          errorTestId="backend-url-error"
          readOnly={lockedBackendUrl !== null}
          aria-readonly={lockedBackendUrl !== null ? true : undefined}
          hint={
            lockedBackendUrl !== null ? (
              <span className="sign-in__locked" data-testid="backend-url-locked">
                <LockIcon aria-hidden="true" />
                Set by your organisation
              </span>
            ) : (
              'The address your administrator gave you. It must use https://, except for localhost.'
            )
          }
        />
        <TextField
          label="Username"
          name="username"
          type="text"
          autoComplete="username"
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          value={username}
          onChange={(value) => {
            setUsername(value);
            if (fieldErrors.username && value.trim()) setFieldError('username', null);
          }}
          autoFocus={autoFocusField === 'username'}
          inputRef={inputs.username}
          error={fieldErrors.username ?? null}
        />
        <PasswordField
          value={password}
          onChange={(value) => {
            setPassword(value);
            if (fieldErrors.password && value) setFieldError('password', null);
          }}
          error={fieldErrors.password ?? null}
          disabled={busy}
          autoFocus={autoFocusField === 'password'}
          inputRef={inputs.password}
        />
      </fieldset>

      <div className="sign-in__feedback" aria-live="polite" data-testid="sign-in-error">
        {rateLimited ? (
          <ErrorNotice
            tone="warning"
            title="Too many sign-in attempts"
            detail={`Try again in ${secondsLeft} ${secondsLeft === 1 ? 'second' : 'seconds'}.`}
          />
        ) : formError ? (
          <ErrorNotice title={formError.title} detail={formError.hint} note={formError.note} />
        ) : null}
      </div>

      <div className="sign-in__buttons">
        {onCancel ? (
          <button
            type="button"
            className="button button--secondary button--large"
            onClick={onCancel}
            disabled={busy}
            data-testid="sign-in-cancel"
          >
            Cancel
          </button>
        ) : null}
        <button
          type="submit"
          className="button button--primary button--large sign-in__submit"
          disabled={busy || rateLimited || disabled}
          data-testid="sign-in-submit"
        >
          {busy ? (
            <>
              <Spinner />
              Signing in…
            </>
          ) : (
            'Sign in'
          )}
        </button>
      </div>
    </form>
  );
}
