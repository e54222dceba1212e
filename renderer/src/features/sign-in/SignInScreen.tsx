import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';
import type { KeychainStatus, SavedAccount, SessionState } from '../../../../common/ipc';
import type { AccountActions } from '../accounts/useAccountActions';
import { ErrorNotice } from '../../shared/ui/ErrorNotice';
import { LockIcon, LogoMark } from '../../shared/ui/Icons';
import { SavedAccounts } from '../accounts/SavedAccounts';
import { SignInForm } from './SignInForm';
import { useOrganisationPolicy } from './useOrganisationPolicy';
import './SignInScreen.css';

interface SignInScreenProps {
  /** 'add': opened from the account menu while signed in; can be cancelled. */
  mode: 'sign-in' | 'add';
  lastBackendUrl: string | null;
  lastUsername: string | null;
  /** Why the previous session ended, when it was not the user's choice. */
  reason: string | null;
  accounts: SavedAccount[];
  keychain: KeychainStatus;
  actions: AccountActions;
  onSignedIn: (state: SessionState) => void;
  onCancel?: () => void;
}

/** The way in: saved accounts to continue with, or a password sign-in. */
export function SignInScreen({
  mode,
  lastBackendUrl,
  lastUsername,
  reason,
  accounts,
  keychain,
  actions,
  onSignedIn,
  onCancel,
}: SignInScreenProps) {
  const policy = useOrganisationPolicy();
  const [formBusy, setFormBusy] = useState(false);
  const [reasonShown, setReasonShown] = useState(true);
  const adding = mode === 'add';
  const showSaved = !adding && accounts.length > 0;

  useEffect(() => {
    document.title = adding ? 'Add an account — S3 Desk' : 'Sign in — S3 Desk';
  }, [adding]);

  const onBusyChange = useCallback((busy: boolean) => {
    // The reason explained the last session; once the user acts on it, it has served.
    if (busy) setReasonShown(false);
    setFormBusy(busy);
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (adding && onCancel && event.key === 'Escape' && !formBusy) {
      event.preventDefault();
      onCancel();
    }
  };

  return (
    <main className="sign-in" onKeyDown={onKeyDown} data-testid={adding ? 'add-account-screen' : 'sign-in-screen'}>
      <div className="sign-in__panel">
        <header className="sign-in__brand">
          <LogoMark width={44} height={44} />
          <h1 className="sign-in__title">{adding ? 'Add an account' : 'S3 Desk'}</h1>
          <p className="sign-in__tagline">
            {adding
              ? 'Sign in with another account. You can switch between accounts from the account menu.'
              : 'Browse your organisation’s S3 storage from the desktop.'}
          </p>
        </header>

        {reason && reasonShown ? <ErrorNotice tone="info" title={reason} testId="sign-in-reason" /> : null}

        {policy?.problem ? <ErrorNotice tone="warning" title={policy.problem} testId="policy-problem" /> : null}

        {keychain.available ? null : (
          <ErrorNotice
            tone="warning"
            title={`Your sign-in won’t be remembered on this computer: ${keychain.reason}`}
            detail="You can still sign in; you’ll be asked for your password again next time."
            testId="keychain-warning"
          />
        )}

        {showSaved ? <SavedAccounts accounts={accounts} actions={actions} disabled={formBusy} /> : null}

        {showSaved ? (
          <p className="sign-in__divider">
            <span>or sign in with a password</span>
          </p>
        ) : null}

        <SignInForm
          initialBackendUrl={lastBackendUrl}
          initialUsername={lastUsername}
          lockedBackendUrl={policy?.backendUrlLocked ? policy.backendUrl : null}
          disabled={actions.pending !== null}
          onBusyChange={onBusyChange}
          onSignedIn={onSignedIn}
          onCancel={adding && onCancel ? onCancel : null}
        />

        <p className="sign-in__footnote">
          <LockIcon />
          Your password is sent only to your organisation’s server.
        </p>
      </div>
    </main>
  );
}
