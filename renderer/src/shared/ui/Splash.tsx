import type { IpcError } from '../../../../common/ipc';
import { ErrorNotice } from './ErrorNotice';
import { LogoMark } from './Icons';
import { Spinner } from './Spinner';
import './Splash.css';

/** What shows while the main process says whether someone is signed in. */
export function Splash({ error, onRetry }: { error: IpcError | null; onRetry: () => void }) {
  return (
    <main className="splash" aria-busy={error ? 'false' : 'true'} data-testid="splash">
      <LogoMark width={48} height={48} className="splash__logo" />
      {error ? (
        <div className="splash__error">
          <ErrorNotice
            title="S3 Desk couldn’t start"
            detail={error.message || 'Try again in a moment.'}
            onRetry={onRetry}
          />
        </div>
      ) : (
        <div className="splash__progress">
          <Spinner />
          <span className="visually-hidden">Loading S3 Desk…</span>
        </div>
      )}
    </main>
  );
}
