import type { SessionState } from '../../../../common/ipc';
import type { AccountActions } from './useAccountActions';
import type { Popover } from '../../shared/hooks/usePopover';
import { displayHost } from '../sign-in/backendUrl';
import { AccountMenu } from './AccountMenu';
import { LogoMark } from '../../shared/ui/Icons';
import { SessionStatus } from './SessionStatus';
import type { UpdatesView } from '../updates/useUpdateState';
import { UpdateIndicator } from '../updates/UpdateIndicator';
import './AccountBar.css';

type SignedIn = Extract<SessionState, { status: 'signed-in' }>;

interface AccountBarProps {
  session: SignedIn;
  menu: Popover;
  actions: AccountActions;
  onAddAccount: () => void;
  onReconnect: () => Promise<string | null>;
  updates: UpdatesView;
}

/** The top bar: an update to install, how the session is doing, and who is signed in where (the account menu). */
export function AccountBar({ session, menu, actions, onAddAccount, onReconnect, updates }: AccountBarProps) {
  const host = displayHost(session.backendOrigin);
  return (
    <header className="account-bar">
      <div className="account-bar__brand">
        <LogoMark width={22} height={22} />
        <span className="account-bar__name">S3 Desk</span>
      </div>
      <div className="account-bar__status">
        <UpdateIndicator updates={updates} />
        <SessionStatus
          connection={session.connection}
          host={host}
          remembered={session.remembered}
          rememberError={session.rememberError}
          onReconnect={onReconnect}
        />
        <AccountMenu session={session} host={host} popover={menu} actions={actions} onAddAccount={onAddAccount} updates={updates} />
      </div>
    </header>
  );
}
