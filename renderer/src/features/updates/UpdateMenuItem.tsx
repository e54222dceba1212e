import { useId } from 'react';
import type { UpdatesView } from './useUpdateState';
import { describeUpdateFailure, describeUpdateState } from './updateWording';
import { RefreshIcon } from '../../shared/ui/Icons';
import { Spinner } from '../../shared/ui/Spinner';

/** States in which asking again would do nothing: off, already at it, or done. */
const NOTHING_TO_CHECK = new Set(['disabled', 'checking', 'downloading', 'ready']);

/** "Check for updates" in the account menu, with the updater's state in words under it. */
export function UpdateMenuItem({ updates }: { updates: UpdatesView }) {
  const { state, loadError, busy, failure, check } = updates;
  const wordsId = useId();
  const checking = busy === 'check' || state?.status === 'checking';
  const words =
    failure?.place === 'menu'
      ? describeUpdateFailure(failure.action, failure.error)
      : state
        ? describeUpdateState(state)
        : loadError
          ? describeUpdateFailure('load', loadError)
          : 'Finding out about updates…';

  return (
    <div className="account-menu__section account-menu__updates">
      <button
        type="button"
        className="account-menu__command"
        onClick={() => check('menu')}
        disabled={busy !== null || (state !== null && NOTHING_TO_CHECK.has(state.status))}
        aria-busy={checking}
        aria-describedby={wordsId}
        data-testid="check-for-updates"
      >
        {checking ? <Spinner /> : <RefreshIcon />}
        Check for updates
      </button>
      <p
        id={wordsId}
        className={`account-menu__update-state${failure?.place === 'menu' ? ' account-menu__update-state--failed' : ''}`}
        role="status"
        data-testid="update-menu-state"
      >
        {words}
      </p>
    </div>
  );
}
