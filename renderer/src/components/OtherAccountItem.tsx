import type { SavedAccount } from '../../../common/ipc-contract';
import type { AccountActions } from '../hooks/useAccountActions';
import { useInlineConfirm } from '../hooks/useInlineConfirm';
import { AccountAvatar } from './AccountAvatar';
import { AccountErrorNotice } from './AccountErrorNotice';
import { ForgetConfirm } from './ForgetConfirm';
import { Spinner } from './Spinner';

/** A saved account in the account menu, other than the one signed in: switch to it, or forget it. */
export function OtherAccountItem({ account, actions }: { account: SavedAccount; actions: AccountActions }) {
  const mine = (kind: 'switch' | 'forget') => actions.pending?.kind === kind && actions.pending.accountId === account.id;
  const switching = mine('switch');
  const forgetting = mine('forget');
  const confirm = useInlineConfirm(forgetting);
  const locked = actions.pending !== null;
  const failure =
    actions.failure && actions.failure.kind !== 'sign-out' && actions.failure.accountId === account.id ? actions.failure : null;
  const who = `${account.username} on ${account.backendHost}`;

  return (
    <li className="account-item" data-testid="account-item" data-account-id={account.id} aria-busy={switching || forgetting}>
      <div className="account-item__main">
        <AccountAvatar username={account.username} host={account.backendHost} size="small" />
        <span className="account-item__who" title={`${account.username} on ${account.backendUrl}`}>
          <span className="account-item__name">{account.username}</span>
          <span className="account-item__host">{account.backendHost}</span>
        </span>
        {confirm.asking ? null : (
          <span className="account-item__actions">
            <button
              type="button"
              ref={confirm.triggerRef}
              className="button button--ghost button--small"
              onClick={confirm.ask}
              disabled={locked}
              aria-label={`Forget ${who}`}
              data-testid="forget-account"
            >
              Forget
            </button>
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => actions.switchTo(account.id)}
              disabled={locked}
              aria-busy={switching}
              aria-label={switching ? undefined : `Switch to ${who}`}
              data-testid="switch-account"
            >
              {switching ? <Spinner /> : null}
              {switching ? 'Switching…' : 'Switch'}
            </button>
          </span>
        )}
      </div>
      {confirm.asking ? (
        <ForgetConfirm
          question={`Forget ${who}?`}
          consequence="It will be removed from this computer and signed out at its server."
          busy={forgetting}
          onConfirm={() => confirm.confirm(() => actions.forget(account.id))}
          onCancel={confirm.cancel}
        />
      ) : null}
      {failure ? <AccountErrorNotice failure={failure} account={account} onDismiss={actions.dismissFailure} /> : null}
    </li>
  );
}
