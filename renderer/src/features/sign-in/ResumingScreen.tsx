import { useEffect } from 'react';
import type { SavedAccount } from '../../../../common/ipc';
import { AccountAvatar } from '../accounts/AccountAvatar';
import { LogoMark } from '../../shared/ui/Icons';
import { Spinner } from '../../shared/ui/Spinner';
import './ResumingScreen.css';

/**
 * Shown while main signs in silently with a saved account (at launch or on a
 * switch). Deliberately not the sign-in form: when the silent sign-in works,
 * the user should never glimpse a form asking for a password.
 */
export function ResumingScreen({ account }: { account: SavedAccount }) {
  useEffect(() => {
    document.title = 'S3 Desk';
  }, []);
  return (
    <main className="splash resuming" aria-busy="true" data-testid="resuming">
      <LogoMark width={48} height={48} className="splash__logo" />
      <div className="resuming__message" role="status">
        <AccountAvatar username={account.username} host={account.backendHost} />
        <p className="resuming__text">
          <Spinner />
          <span>
            Signing in as <strong>{account.username}</strong> on {account.backendHost}…
          </span>
        </p>
      </div>
    </main>
  );
}
