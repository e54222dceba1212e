import type { CopyPlan, PlanCopyRequest, PlanRenameRequest, StartCopyRequest, TransferJob } from '../../common/ipc';
import type { SessionClient, SessionClients } from '../aws/session-clients';
import { ServiceError } from '../shared/errors';
import { silentLogger, type Logger } from '../shared/logger';
import type { HostedJob } from '../transfers/hosted-job';
import { sessionEndedError } from '../transfers/transfer-errors';
import type { UploadRegistry } from '../transfers/upload-registry';
import { CopyJob } from './copy-job';
import { copyRequestOf, planCopy, renameRequestOf, type CopyRequest } from './copy-plan';
import { CopyPlans } from './copy-plans';
import { copySettings, type CopyOptions, type CopySettings } from './copy-settings';
import { runCopyPass } from './run-copy';

export interface CopyServiceOptions extends CopyOptions {
  clients: Pick<SessionClients, 'client' | 'isActive' | 'onSessionEnded'>;
  /** Where the jobs are listed, cancelled and retried: the transfer list. */
  transfers: { host(job: HostedJob): TransferJob };
  /** Where a multipart copy's UploadId is written down until it completes or is aborted (the one uploads use). */
  uploads: UploadRegistry;
  logger?: Logger;
}

/**
 * Server-side copies, moves and renames. A plan lists what would go and what
 * clashes at the destination (nothing is copied), the user answers, and the
 * job runs in the transfer list, under the session that planned it.
 */
export class CopyService {
  private readonly clients: CopyServiceOptions['clients'];
  private readonly transfers: CopyServiceOptions['transfers'];
  private readonly uploads: UploadRegistry;
  private readonly logger: Logger;
  private readonly settings: CopySettings;
  private readonly plans: CopyPlans;
  private readonly unsubscribe: () => void;

  constructor(options: CopyServiceOptions) {
    this.clients = options.clients;
    this.transfers = options.transfers;
    this.uploads = options.uploads;
    this.logger = options.logger ?? silentLogger;
    this.settings = copySettings(options);
    this.plans = new CopyPlans(this.settings.planTtlMs);
    this.unsubscribe = this.clients.onSessionEnded((sessionId) => this.plans.discardSession(sessionId));
  }

  planCopy(request: PlanCopyRequest): Promise<CopyPlan> {
    return this.plan(copyRequestOf(request));
  }

  planRename(request: PlanRenameRequest): Promise<CopyPlan> {
    return this.plan(renameRequestOf(request));
  }

  /** Starts a plan with the user's answer to its clashes; the job then runs in the transfer list. */
  startCopy(request: StartCopyRequest): TransferJob {
    const held = this.plans.take(request.planId);
    if (!held || !this.clients.isActive(held.sessionId)) {
      throw new ServiceError('no_such_transfer', 'This copy is no longer ready to start. Choose what to copy again.');
    }
    const { sessionId, planned } = held;
    const job = new CopyJob({ planned, choice: request.clashes, sessionId, now: this.settings.now }, (copy, progress) =>
      runCopyPass(copy, { s3: () => this.clientFor(sessionId).s3, book: () => this.bookFor(sessionId), settings: this.settings, logger: this.logger }, progress),
    );
    return this.transfers.host(job);
  }

  discardCopy(planId: string): void {
    this.plans.discard(planId);
  }

  dispose(): void {
    this.unsubscribe();
    this.plans.dispose();
  }

  private async plan(request: CopyRequest): Promise<CopyPlan> {
    const { info, s3 } = this.clients.client();
    const planned = await planCopy(s3, request);
    if (!this.clients.isActive(info.id)) throw sessionEndedError();
    return this.plans.hold(planned, info.id);
  }

  private bookFor(sessionId: number) {
    return this.uploads.bookFor(this.clientFor(sessionId).info.identityId);
  }

  /** The client of the session a job was planned under, as long as that session is the one signed in. */
  private clientFor(sessionId: number): SessionClient {
    const current = this.clients.client();
    if (current.info.id !== sessionId) throw sessionEndedError();
    return current;
  }
}
