import type { SavedAccount } from '../../../../common/ipc';
import type { AccountActions } from './useAccountActions';
import { describeAccountError } from './accountErrors';
import { ErrorNotice } from '../../shared/ui/ErrorNotice';

type Failure = NonNullable<AccountActions['failure']>;

interface AccountErrorNoticeProps {
  failure: Failure;
  account: SavedAccount | null;
  onDismiss?: () => void;
  testId?: string;
}

/** Why switching to, forgetting or signing out of an account didn't work. */
export function AccountErrorNotice({ failure, account, onDismiss, testId = 'account-error' }: AccountErrorNoticeProps) {
  const view = describeAccountError(failure.error, failure.kind, account);
  return <ErrorNotice title={view.title} detail={view.detail} note={view.note} onDismiss={onDismiss} testId={testId} />;
}
