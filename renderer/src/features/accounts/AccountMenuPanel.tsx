import type { KeyboardEvent, Ref } from 'react';
import type { SessionState } from '../../../../common/ipc';
import type { AccountActions } from './useAccountActions';
import { useInlineConfirm } from '../../shared/hooks/useInlineConfirm';
import { AccountAvatar } from './AccountAvatar';
import { AccountErrorNotice } from './AccountErrorNotice';
import { ForgetConfirm } from './ForgetConfirm';
import { PlusIcon, SignOutIcon } from '../../shared/ui/Icons';
import { AccountRow } from './AccountRow';
import { Spinner } from '../../shared/ui/Spinner';
import type { UpdatesView } from '../updates/useUpdateState';
import { UpdateMenuItem } from '../updates/UpdateMenuItem';

type SignedIn = Extract<SessionState, { status: 'signed-in' }>;

interface AccountMenuPanelProps {
  id: string;
  panelRef: Ref<HTMLDivElement>;
  session: SignedIn;
  host: string;
  actions: AccountActions;
  onAddAccount: () => void;
  updates: UpdatesView;
}

/** Up and down move between the panel's buttons, as in a menu. */
function moveFocus(event: KeyboardEvent<HTMLDivElement>) {
  const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
  if (!keys.includes(event.key)) return;
  const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button:not(:disabled)')];
  if (buttons.length === 0) return;
  event.preventDefault();
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const next =
    event.key === 'Home'
      ? 0
      : event.key === 'End'
        ? buttons.length - 1
        : event.key === 'ArrowDown'
          ? (at + 1) % buttons.length
          : (at - 1 + buttons.length) % buttons.length;
  buttons[next]?.focus();
}

/** Who is signed in where, the other saved accounts, the ways to add, forget or leave, and updates. */
export function AccountMenuPanel({ id, panelRef, session, host, actions, onAddAccount, updates }: AccountMenuPanelProps) {
  const others = session.accounts.filter((account) => account.id !== session.accountId);
  const { pending, failure } = actions;
  const forgettingCurrent = pending?.kind === 'forget' && pending.accountId === session.accountId;
  const signingOut = pending?.kind === 'sign-out';
  const confirmForget = useInlineConfirm(forgettingCurrent);
  const locked = pending !== null;
  const current = session.accounts.find((account) => account.id === session.accountId) ?? null;
  const currentFailure =
    failure && (failure.kind === 'sign-out' || failure.accountId === session.accountId) ? failure : null;
  // A failed switch to an account that has since gone from the list.
  const orphanFailure =
    failure && !currentFailure && !others.some((account) => account.id === failure.accountId) ? failure : null;

  return (
    <div
      id={id}
      ref={panelRef}
      className="account-menu__panel"
      role="dialog"
      aria-label="Account"
      onKeyDown={moveFocus}
      data-testid="account-menu-panel"
    >
      <div className="account-menu__header">
        <AccountAvatar username={session.username} host={host} />
        <div className="account-menu__who">
          <p className="account-menu__name">{session.username}</p>
          <p className="account-menu__backend" title={session.backendUrl}>
            {session.backendUrl}
          </p>
          <p className="account-menu__meta">
            Region {session.region}
            {session.remembered ? ' · Remembered on this computer' : ' · Not remembered on this computer'}
          </p>
        </div>
      </div>

      {others.length > 0 ? (
        <section className="account-menu__section" aria-label="Other accounts">
          <h2 className="account-menu__heading">Other accounts</h2>
          <ul className="account-menu__accounts">
            {others.map((account) => (
              <AccountRow key={account.id} variant="menu" account={account} actions={actions} />
            ))}
          </ul>
        </section>
      ) : null}
      {orphanFailure ? (
        <div className="account-menu__notice">
          <AccountErrorNotice failure={orphanFailure} account={null} onDismiss={actions.dismissFailure} />
        </div>
      ) : null}

      <div className="account-menu__section account-menu__commands">
        <button
          type="button"
          className="account-menu__command"
          onClick={onAddAccount}
          disabled={locked}
          data-testid="add-account"
        >
          <PlusIcon />
          Add another account…
        </button>
        {session.remembered ? (
          confirmForget.asking ? (
            <ForgetConfirm
              question={`Forget ${session.username} on ${host}?`}
              consequence="You’ll be signed out, and it will be removed from this computer. You’ll need the password to sign in again."
              busy={forgettingCurrent}
              onConfirm={() => confirmForget.confirm(() => actions.forget(session.accountId))}
              onCancel={confirmForget.cancel}
            />
          ) : (
            <button
              type="button"
              ref={confirmForget.triggerRef}
              className="account-menu__command account-menu__command--danger"
              onClick={confirmForget.ask}
              disabled={locked}
              data-testid="forget-current-account"
            >
              <span className="account-menu__command-spacer" aria-hidden="true" />
              Forget this account…
            </button>
          )
        ) : null}
        <button
          type="button"
          className="account-menu__command"
          onClick={() => actions.signOut(session.accountId)}
          disabled={locked}
          aria-busy={signingOut}
          data-testid="sign-out"
        >
          {signingOut ? <Spinner /> : <SignOutIcon />}
          {signingOut ? 'Signing out…' : 'Sign out'}
        </button>
      </div>
      {currentFailure ? (
        <div className="account-menu__notice">
          <AccountErrorNotice failure={currentFailure} account={current} onDismiss={actions.dismissFailure} />
        </div>
      ) : null}
      <UpdateMenuItem updates={updates} />
    </div>
  );
}
