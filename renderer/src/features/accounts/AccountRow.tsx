import type { SavedAccount } from '../../../../common/ipc';
import type { AccountActions } from './useAccountActions';
import { useInlineConfirm } from '../../shared/hooks/useInlineConfirm';
import { AccountAvatar } from './AccountAvatar';
import { AccountErrorNotice } from './AccountErrorNotice';
import { ForgetConfirm } from './ForgetConfirm';
import { ArrowRightIcon } from '../../shared/ui/Icons';
import { Spinner } from '../../shared/ui/Spinner';
import './AccountRow.css';

/** Where the row stands decides its words, look and test ids; the behaviour is the same. */
const VARIANTS = {
  /** On the sign-in screen: continue as this account without a password. */
  'sign-in': {
    className: 'saved-account',
    testIds: { row: 'saved-account', forget: 'forget-saved-account', go: 'continue-account' },
    goClass: 'button--primary',
    goLabel: 'Continue',
    goBusy: 'Signing in…',
    goAria: 'Continue as',
    avatarSize: undefined,
    arrow: true,
    consequence: 'It will be removed from this computer. You’ll need the password to sign in again.',
  },
  /** In the account menu: switch to this account. */
  menu: {
    className: 'account-item',
    testIds: { row: 'account-item', forget: 'forget-account', go: 'switch-account' },
    goClass: 'button--secondary',
    goLabel: 'Switch',
    goBusy: 'Switching…',
    goAria: 'Switch to',
    avatarSize: 'small' as const,
    arrow: false,
    consequence: 'It will be removed from this computer and signed out at its server.',
  },
};

interface AccountRowProps {
  variant: keyof typeof VARIANTS;
  account: SavedAccount;
  actions: AccountActions;
  /** Set while something else (the form, another row) is busy. */
  disabled?: boolean;
}

/** A saved account other than the signed-in one: sign in as it without a password, or forget it (after confirming). */
export function AccountRow({ variant, account, actions, disabled = false }: AccountRowProps) {
  const look = VARIANTS[variant];
  const mine = (kind: 'switch' | 'forget') => actions.pending?.kind === kind && actions.pending.accountId === account.id;
  const going = mine('switch');
  const forgetting = mine('forget');
  const confirm = useInlineConfirm(forgetting);
  const failure =
    actions.failure && actions.failure.kind !== 'sign-out' && actions.failure.accountId === account.id ? actions.failure : null;
  const locked = disabled || actions.pending !== null;
  const who = `${account.username} on ${account.backendHost}`;
  const css = look.className;

  return (
    <li className={css} data-testid={look.testIds.row} data-account-id={account.id} aria-busy={going || forgetting}>
      <div className={`${css}__main`}>
        <AccountAvatar username={account.username} host={account.backendHost} size={look.avatarSize} />
        <span className={`${css}__who`} title={`${account.username} on ${account.backendUrl}`}>
          <span className={`${css}__name`}>{account.username}</span>
          <span className={`${css}__host`}>{account.backendHost}</span>
        </span>
        {confirm.asking ? null : (
          <span className={`${css}__actions`}>
            <button
              type="button"
              ref={confirm.triggerRef}
              className="button button--ghost button--small"
              onClick={confirm.ask}
              disabled={locked}
              aria-label={`Forget ${who}`}
              data-testid={look.testIds.forget}
            >
              Forget
            </button>
            <button
              type="button"
              className={`button ${look.goClass} button--small`}
              onClick={() => actions.switchTo(account.id)}
              disabled={locked}
              aria-busy={going}
              aria-label={going ? undefined : `${look.goAria} ${who}`}
              data-testid={look.testIds.go}
            >
              {going ? <Spinner /> : null}
              {going ? look.goBusy : look.goLabel}
              {look.arrow && !going ? <ArrowRightIcon /> : null}
            </button>
          </span>
        )}
      </div>
      {confirm.asking ? (
        <ForgetConfirm
          question={`Forget ${who}?`}
          consequence={look.consequence}
          busy={forgetting}
          onConfirm={() => confirm.confirm(() => actions.forget(account.id))}
          onCancel={confirm.cancel}
        />
      ) : null}
      {failure ? <AccountErrorNotice failure={failure} account={account} onDismiss={actions.dismissFailure} /> : null}
    </li>
  );
}
