import type { UpdatesView } from './useUpdateState';
import { downloadingWords, waitingWords } from './updateWording';
import { ArrowDownIcon } from '../../shared/ui/Icons';
import { Spinner } from '../../shared/ui/Spinner';
import './UpdateIndicator.css';

/**
 * The update in the account bar, only when there is something to know or do:
 * a download under way (quietly), an update ready to install, or one waiting
 * for the transfers to finish. Checking, up to date, off: nothing (see the
 * account menu).
 */
export function UpdateIndicator({ updates }: { updates: UpdatesView }) {
  const { state, busy, install } = updates;
  const ready = state?.status === 'ready' ? state : null;
  const text =
    state?.status === 'downloading'
      ? downloadingWords(state)
      : ready
        ? ready.waitingForTransfers
          ? waitingWords(ready.version)
          : 'Update ready — restart to install'
        : '';
  const kind = state?.status === 'downloading' ? 'downloading' : ready ? (ready.waitingForTransfers ? 'waiting' : 'ready') : 'none';
  const textClass = !text ? 'visually-hidden' : ready ? 'badge badge--info' : 'update-indicator__text';

  return (
    <div className={`update-indicator update-indicator--${kind}`} data-testid="update-indicator" data-status={kind}>
      {/* Announced on each change; empty (and out of the layout) when there is nothing to say. */}
      <span
        className={textClass}
        role="status"
        title={ready ? `${text}. S3 Desk ${ready.version} is downloaded and verified.` : undefined}
      >
        {kind === 'downloading' ? <ArrowDownIcon aria-hidden="true" /> : null}
        {ready ? <span className="status-dot status-dot--update" aria-hidden="true" /> : null}
        <span className="badge__text">{text}</span>
      </span>
      {ready && !ready.waitingForTransfers ? (
        <button
          type="button"
          className="button button--primary button--small"
          onClick={install}
          disabled={busy === 'install'}
          aria-busy={busy === 'install'}
          data-testid="restart-to-install"
        >
          {busy === 'install' ? <Spinner /> : null}
          Restart to install
        </button>
      ) : null}
    </div>
  );
}
