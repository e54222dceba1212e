import { useState } from 'react';
import type { UpdateState } from '../../../../common/ipc';
import type { UpdatesView } from './useUpdateState';
import { describeUpdateFailure } from './updateWording';
import { ErrorNotice } from '../../shared/ui/ErrorNotice';

/**
 * An update that went wrong, in the strip under the account bar: a refused
 * update (a warning: nothing was installed), a check that failed (quietly),
 * or a request main could not carry out. Each can be put away.
 */
export function UpdateNotice({ updates }: { updates: UpdatesView }) {
  const { state, failure, check, install, dismissFailure } = updates;
  // The state put away; a newer one (another check's answer) is shown again.
  const [dismissed, setDismissed] = useState<UpdateState | null>(null);
  const checkAgain = () => check('chrome');

  let notice = null;
  if (failure?.place === 'chrome') {
    notice = (
      <ErrorNotice
        title={describeUpdateFailure(failure.action, failure.error)}
        onRetry={failure.action === 'install' ? install : checkAgain}
        onDismiss={dismissFailure}
        testId="update-failure"
      />
    );
  } else if (state && state !== dismissed && (state.status === 'unverified' || state.status === 'error')) {
    const refused = state.status === 'unverified';
    notice = (
      <ErrorNotice
        // A refusal is a warning (someone may be tampering); a failed check is only news.
        tone={refused ? 'warning' : 'info'}
        title={state.message}
        detail={refused ? state.detail : undefined}
        note={refused ? 'Nothing was installed. S3 Desk keeps running the version you have.' : undefined}
        onRetry={checkAgain}
        retryLabel="Check again"
        onDismiss={() => setDismissed(state)}
        testId={`update-${state.status}`}
      />
    );
  }
  return notice ? <div className="browser__notice">{notice}</div> : null;
}
