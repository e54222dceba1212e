import { displayHost } from '../lib/backendUrl';
import { LogoMark, SignOutIcon, WarningIcon } from './Icons';
import { Spinner } from './Spinner';

interface AccountBarProps {
  username: string;
  backendOrigin: string;
  remembered: boolean;
  rememberError: string | null;
  signingOut: boolean;
  signOutError: string | null;
  onSignOut: () => void;
}

/** The top bar: who is signed in where, and the way out. */
export function AccountBar({
  username,
  backendOrigin,
  remembered,
  rememberError,
  signingOut,
  signOutError,
  onSignOut,
}: AccountBarProps) {
  const host = displayHost(backendOrigin);
  const notRemembered = `This session won’t be remembered${rememberError ? `: ${rememberError}` : '.'}`;
  return (
    <header className="account-bar">
      <div className="account-bar__brand">
        <LogoMark width={22} height={22} />
        <span className="account-bar__name">S3 Desk</span>
      </div>
      <div className="account-bar__status">
        {!remembered ? (
          <span className="badge badge--warning" role="status" title={notRemembered} data-testid="not-remembered">
            <WarningIcon />
            <span className="badge__text">{notRemembered}</span>
          </span>
        ) : null}
        {signOutError ? (
          <span className="account-bar__error" role="alert">
            {signOutError}
          </span>
        ) : null}
        <span className="account-bar__identity" data-testid="signed-in-as" title={`${username} on ${backendOrigin}`}>
          Signed in as <strong>{username}</strong>
          <span className="account-bar__separator" aria-hidden="true">
            ·
          </span>
          <span className="account-bar__host">{host}</span>
        </span>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={onSignOut}
          disabled={signingOut}
          aria-busy={signingOut}
          data-testid="sign-out"
        >
          {signingOut ? <Spinner /> : <SignOutIcon />}
          Sign out
        </button>
      </div>
    </header>
  );
}
