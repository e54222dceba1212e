import type { TransferJob } from '../../common/ipc';
import type { ServiceError } from '../shared/errors';

/** How a hosted job tells the list it changed: at once (a status), or when the list next refreshes (numbers). */
export interface HostedProgress {
  urgent(): void;
  soon(): void;
}

/**
 * A job the transfer list shows and controls — listed, cancelled, retried,
 * stopped when its session ends — but that runs itself, outside the file
 * queue: a server-side copy or move (main/operations), which moves no bytes
 * through this computer and so takes none of the queue's slots. Features that
 * come after transfers in the flow hand theirs to TransferService.host.
 */
export interface HostedJob {
  readonly id: string;
  readonly direction: 'copy' | 'move';
  readonly sessionId: number;
  readonly finished: boolean;
  /** Queued (new, or retried) with no pass under way: run() should be called. */
  readonly needsRun: boolean;
  /** Stops it for good unless it already finished; answers whether it did anything. */
  cancel(): boolean;
  /** Queues it again, or throws (a ServiceError) why it cannot. */
  retry(sessionActive: boolean): void;
  /** Its session ended: it stops with `error` and can never run again. */
  endSession(error: ServiceError): void;
  view(sessionActive: boolean): TransferJob;
  /** One pass over its work; resolves (never rejects) once the pass has ended, whatever its outcome. */
  run(progress: HostedProgress): Promise<void>;
}
