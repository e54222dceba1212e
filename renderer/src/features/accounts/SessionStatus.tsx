import { useEffect, useState } from 'react';
import type { ConnectionStatus } from '../../../../common/ipc';
import { useCountdown } from '../../shared/hooks/useCountdown';
import { formatCountdown } from '../../shared/format/formatCountdown';
import { RefreshIcon, WarningIcon } from '../../shared/ui/Icons';
import { Spinner } from '../../shared/ui/Spinner';
import './SessionStatus.css';

interface SessionStatusProps {
  connection: ConnectionStatus;
  host: string;
  remembered: boolean;
  rememberError: string | null;
  /** Asks main to renew now; resolves to a message when that failed. */
  onReconnect: () => Promise<string | null>;
}

/**
 * How the session is doing, in a corner of the account bar. Never blocks:
 * while renewal is failing, S3 keeps working on the credentials still valid,
 * so the user can go on browsing.
 */
export function SessionStatus({ connection, host, remembered, rememberError, onReconnect }: SessionStatusProps) {
  const reconnecting = connection.status === 'reconnecting';
  const status = reconnecting ? 'reconnecting' : remembered ? 'online' : 'not-remembered';
  const notRemembered = `This session won’t be remembered${rememberError ? `: ${rememberError}` : '.'}`;
  const announcement = [
    reconnecting ? `Reconnecting to ${host}: ${connection.message}` : `Connected to ${host}.`,
    remembered ? '' : notRemembered,
  ].join(' ');

  return (
    <div className={`session-status session-status--${status}`} data-testid="session-status" data-status={status}>
      {/* Announced once per change; the ticking countdown stays out of the live region. */}
      <span className="visually-hidden" role="status">
        {announcement}
      </span>
      {reconnecting ? (
        <Reconnecting
          message={connection.message}
          nextAttemptAt={connection.nextAttemptAt}
          host={host}
          onReconnect={onReconnect}
        />
      ) : remembered ? (
        <span className="session-status__online" title={`Connected to ${host}. Session renews automatically.`}>
          <span className="status-dot status-dot--online" aria-hidden="true" />
          Connected
        </span>
      ) : null}
      {remembered ? null : (
        <span className="badge badge--warning" title={notRemembered} data-testid="not-remembered">
          <WarningIcon />
          <span className="badge__text">{notRemembered}</span>
        </span>
      )}
    </div>
  );
}

interface ReconnectingProps {
  message: string;
  nextAttemptAt: string | null;
  host: string;
  onReconnect: () => Promise<string | null>;
}

function Reconnecting({ message, nextAttemptAt, host, onReconnect }: ReconnectingProps) {
  const deadline = nextAttemptAt === null ? null : Date.parse(nextAttemptAt);
  const seconds = useCountdown(Number.isNaN(deadline) ? null : deadline);
  const [retrying, setRetrying] = useState(false);
  const [retryError, setRetryError] = useState<string | null>(null);
  // null: main is trying right now, so another attempt would only queue behind it.
  const attemptRunning = nextAttemptAt === null;

  // A newer word from main replaces the answer to the last "Retry now".
  useEffect(() => setRetryError(null), [message, nextAttemptAt]);

  const retry = async () => {
    setRetrying(true);
    setRetryError(null);
    const error = await onReconnect();
    setRetrying(false);
    setRetryError(error);
  };

  const shown = retryError ?? message;
  const when = attemptRunning || retrying || seconds === 0 ? 'Trying now…' : `Next try in ${formatCountdown(seconds)}`;

  return (
    <>
      <span
        className="badge session-status__reconnecting"
        title={`Can’t renew the session with ${host}: ${shown}. You can keep browsing meanwhile.`}
      >
        <span className="status-dot status-dot--warning" aria-hidden="true" />
        <span className="session-status__label">Reconnecting…</span>
        <span className="session-status__message" data-testid="reconnect-message">
          {shown}
        </span>
        <span className="session-status__countdown" data-testid="reconnect-countdown">
          {when}
        </span>
      </span>
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={() => void retry()}
        disabled={retrying || attemptRunning}
        aria-busy={retrying || attemptRunning}
        data-testid="reconnect-now"
      >
        {retrying || attemptRunning ? <Spinner /> : <RefreshIcon />}
        Retry now
      </button>
    </>
  );
}
