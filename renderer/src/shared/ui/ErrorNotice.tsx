import type { ReactNode } from 'react';
import { CloseIcon, InfoIcon, RefreshIcon, WarningIcon } from './Icons';

interface ErrorNoticeProps {
  title: ReactNode;
  detail?: ReactNode;
  /** A closing line under the detail, e.g. who can fix it. */
  note?: ReactNode;
  tone?: 'error' | 'warning' | 'info';
  /** 'panel' fills an empty pane; 'inline' sits among other content. */
  layout?: 'panel' | 'inline';
  onRetry?: () => void;
  retryLabel?: string;
  /** Adds a close button, for notices that outlive the moment they explain. */
  onDismiss?: () => void;
  testId?: string;
}

/** A problem explained where it happened, with a way to try again. */
export function ErrorNotice({
  title,
  detail,
  note,
  tone = 'error',
  layout = 'inline',
  onRetry,
  retryLabel = 'Try again',
  onDismiss,
  testId,
}: ErrorNoticeProps) {
  const Glyph = tone === 'info' ? InfoIcon : WarningIcon;
  return (
    <div
      className={`notice notice--${tone} notice--${layout}`}
      role={tone === 'info' ? 'status' : 'alert'}
      data-testid={testId}
    >
      <Glyph className="notice__icon" width={layout === 'panel' ? 24 : 16} height={layout === 'panel' ? 24 : 16} />
      <div className="notice__body">
        <p className="notice__title">{title}</p>
        {detail ? <p className="notice__detail">{detail}</p> : null}
        {note ? <p className="notice__note">{note}</p> : null}
        {onRetry ? (
          <button type="button" className="button button--secondary button--small notice__action" onClick={onRetry}>
            <RefreshIcon />
            {retryLabel}
          </button>
        ) : null}
      </div>
      {onDismiss ? (
        <button type="button" className="icon-button notice__dismiss" onClick={onDismiss} aria-label="Dismiss" title="Dismiss">
          <CloseIcon />
        </button>
      ) : null}
    </div>
  );
}
