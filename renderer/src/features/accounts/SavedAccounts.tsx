import { useId } from 'react';
import type { SavedAccount } from '../../../../common/ipc';
import type { AccountActions } from './useAccountActions';
import { AccountErrorNotice } from './AccountErrorNotice';
import { AccountRow } from './AccountRow';
import './SavedAccounts.css';

interface SavedAccountsProps {
  accounts: SavedAccount[];
  actions: AccountActions;
  disabled: boolean;
}

/** The accounts remembered on this computer, each one click from signed in. */
export function SavedAccounts({ accounts, actions, disabled }: SavedAccountsProps) {
  const headingId = useId();
  const { failure } = actions;
  // A failure about an account no longer listed (e.g. removed meanwhile) has no row to sit in.
  const orphan =
    failure && failure.kind !== 'sign-out' && !accounts.some((account) => account.id === failure.accountId) ? failure : null;
  return (
    <section className="saved-accounts" aria-labelledby={headingId} data-testid="saved-accounts">
      <h2 id={headingId} className="saved-accounts__heading">
        {accounts.length === 1 ? 'Continue with your saved account' : 'Continue with a saved account'}
      </h2>
      <ul className="saved-accounts__list">
        {accounts.map((account) => (
          <AccountRow key={account.id} variant="sign-in" account={account} actions={actions} disabled={disabled} />
        ))}
      </ul>
      {orphan ? <AccountErrorNotice failure={orphan} account={null} onDismiss={actions.dismissFailure} /> : null}
    </section>
  );
}
