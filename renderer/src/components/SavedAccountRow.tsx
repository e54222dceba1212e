import type { SavedAccount } from '../../../common/ipc-contract';
import type { AccountActions } from '../hooks/useAccountActions';
import { useInlineConfirm } from '../hooks/useInlineConfirm';
import { AccountAvatar } from './AccountAvatar';
import { AccountErrorNotice } from './AccountErrorNotice';
import { ForgetConfirm } from './ForgetConfirm';
import { ArrowRightIcon } from './Icons';
import { Spinner } from './Spinner';

interface SavedAccountRowProps {
  account: SavedAccount;
  actions: AccountActions;
  /** Set while something else (the form, another row) is busy. */
  disabled: boolean;
}

/** One remembered account on the sign-in screen: continue without a password, or forget it. */
export function SavedAccountRow({ account, actions, disabled }: SavedAccountRowProps) {
  const mine = (kind: 'switch' | 'forget') => actions.pending?.kind === kind && actions.pending.accountId === account.id;
  const continuing = mine('switch');
  const forgetting = mine('forget');
  const confirm = useInlineConfirm(forgetting);
  const failure =
    actions.failure && actions.failure.kind !== 'sign-out' && actions.failure.accountId === account.id ? actions.failure : null;
  const locked = disabled || actions.pending !== null;
  const who = `${account.username} on ${account.backendHost}`;

  return (
    <li className="saved-account" data-testid="saved-account" data-account-id={account.id} aria-busy={continuing || forgetting}>
      <div className="saved-account__main">
        <AccountAvatar username={account.username} host={account.backendHost} />
        <span className="saved-account__who" title={`${account.username} on ${account.backendUrl}`}>
          <span className="saved-account__name">{account.username}</span>
          <span className="saved-account__host">{account.backendHost}</span>
        </span>
        {confirm.asking ? null : (
          <span className="saved-account__actions">
            <button
              type="button"
              ref={confirm.triggerRef}
              className="button button--ghost button--small"
              onClick={confirm.ask}
              disabled={locked}
              aria-label={`Forget ${who}`}
              data-testid="forget-saved-account"
            >
              Forget
            </button>
            <button
              type="button"
              className="button button--primary button--small"
              onClick={() => actions.switchTo(account.id)}
              disabled={locked}
              aria-busy={continuing}
              aria-label={continuing ? undefined : `Continue as ${who}`}
              data-testid="continue-account"
            >
              {continuing ? <Spinner /> : null}
              {continuing ? 'Signing in…' : 'Continue'}
              {continuing ? null : <ArrowRightIcon />}
            </button>
          </span>
        )}
      </div>
      {confirm.asking ? (
        <ForgetConfirm
          question={`Forget ${who}?`}
          consequence="It will be removed from this computer. You’ll need the password to sign in again."
          busy={forgetting}
          onConfirm={() => confirm.confirm(() => actions.forget(account.id))}
          onCancel={confirm.cancel}
        />
      ) : null}
      {failure ? <AccountErrorNotice failure={failure} account={account} onDismiss={actions.dismissFailure} /> : null}
    </li>
  );
}
