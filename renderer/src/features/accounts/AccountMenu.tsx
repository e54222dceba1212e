import { useId } from 'react';
import type { SessionState } from '../../../../common/ipc';
import type { AccountActions } from './useAccountActions';
import type { Popover } from '../../shared/hooks/usePopover';
import { AccountAvatar } from './AccountAvatar';
import { AccountMenuPanel } from './AccountMenuPanel';
import { ChevronDownIcon } from '../../shared/ui/Icons';
import type { UpdatesView } from '../updates/useUpdateState';
import './AccountMenu.css';

type SignedIn = Extract<SessionState, { status: 'signed-in' }>;

interface AccountMenuProps {
  session: SignedIn;
  host: string;
  popover: Popover;
  actions: AccountActions;
  onAddAccount: () => void;
  updates: UpdatesView;
}

/** The signed-in user and host, as a button opening the account panel. */
export function AccountMenu({ session, host, popover, actions, onAddAccount, updates }: AccountMenuProps) {
  const panelId = useId();
  return (
    <div className="account-menu">
      <button
        type="button"
        ref={popover.triggerRef}
        className={`account-menu__trigger${popover.open ? ' account-menu__trigger--open' : ''}`}
        onClick={popover.toggle}
        aria-haspopup="dialog"
        aria-expanded={popover.open}
        aria-controls={popover.open ? panelId : undefined}
        title={`${session.username} on ${session.backendUrl}`}
        data-testid="account-menu"
      >
        <AccountAvatar username={session.username} host={host} size="small" />
        <span className="account-menu__identity" data-testid="signed-in-as">
          <span className="visually-hidden">Signed in as </span>
          <strong>{session.username}</strong>
          <span className="account-menu__separator" aria-hidden="true">
            ·
          </span>
          <span className="account-menu__host">{host}</span>
        </span>
        <ChevronDownIcon className="account-menu__chevron" />
      </button>
      {popover.open ? (
        <AccountMenuPanel
          id={panelId}
          panelRef={popover.panelRef}
          session={session}
          host={host}
          actions={actions}
          updates={updates}
          onAddAccount={() => {
            popover.close();
            onAddAccount();
          }}
        />
      ) : null}
    </div>
  );
}
