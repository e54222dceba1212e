import type { TransferStatus } from '../../common/ipc';
import { ServiceError } from '../shared/errors';

/**
 * What every job in the queue shares, whatever it moves: its status, when it
 * started and finished, why it failed, and the steps that end or revive it —
 * cancel, the end of its session, and a retry's refusal or clean slate.
 * Job (downloads, uploads) and DeleteJob say what stopping and working out
 * the rest mean for them.
 */
export abstract class JobLifecycle {
  protected current: TransferStatus = 'queued';
  protected startedAt: number | null = null;
  protected finishedAt: number | null = null;
  protected failure: ServiceError | null = null;
  protected sessionEnded = false;

  get status(): TransferStatus {
    return this.current;
  }

  get finished(): boolean {
    return this.current === 'done' || this.current === 'failed' || this.current === 'cancelled';
  }

  /** Stops it for good unless it already finished; answers whether it did anything. */
  cancel(): boolean {
    if (this.finished) return false;
    this.stop('cancelled');
    return true;
  }

  /** Its session ended: it stops with `error`, and can never run again. */
  endSession(error: ServiceError): void {
    this.sessionEnded = true;
    if (this.finished) return;
    this.failure = error;
    this.stop('failed');
  }

  /** Ends it now with this status (aborting whatever runs). */
  protected abstract stop(status: 'cancelled' | 'failed'): void;

  /** Whether a retry would have anything to do. */
  protected abstract hasWorkLeft(): boolean;

  /** The first half of every retry: refuse one that cannot run, else queue it again with no error and no times. */
  protected requeue(sessionActive: boolean): void {
    refuseRetry(this.current, this.sessionEnded || !sessionActive, this.hasWorkLeft());
    this.current = 'queued';
    this.failure = null;
    this.startedAt = null;
    this.finishedAt = null;
  }
}

/** Throws why a job cannot run again, if it cannot: it is not failed or cancelled, its session ended, or nothing is left. */
export function refuseRetry(status: TransferStatus, sessionEnded: boolean, workLeft: boolean): void {
  if (status !== 'failed' && status !== 'cancelled') {
    throw new ServiceError('invalid_input', 'Only a failed or cancelled transfer can be retried.');
  }
  if (sessionEnded) {
    throw new ServiceError('session_expired', 'This transfer belonged to a session that has ended, so it cannot be retried. Start it again.');
  }
  if (!workLeft) throw new ServiceError('invalid_input', 'Nothing of this transfer is left to retry.');
}
