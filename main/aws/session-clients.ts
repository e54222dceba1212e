import type { S3Client } from '@aws-sdk/client-s3';
import type { SessionState } from '../../common/ipc';
import type { RefreshObserver } from '../shared/refresh-observer';
import { notSignedIn } from '../shared/errors';
import { describeError, silentLogger, type Logger } from '../shared/logger';
import { Emitter } from '../shared/emitter';
import { createSessionS3Client, type SessionS3Client } from './session-s3-client';
import type { ActiveSessionInfo } from '../session/session-service';

/** The part of SessionService the S3 side uses. */
export interface S3Session {
  activeSession(): ActiveSessionInfo | null;
  freshToken(): Promise<string>;
  invalidateToken(token: string): void;
  onStateChanged(listener: (state: SessionState) => void): () => void;
}

export interface SessionClientsOptions {
  session: S3Session;
  /** One endpoint for Cognito Identity and S3 (the local stack, S3DESK_AWS_ENDPOINT); unset for real AWS. */
  awsEndpoint?: string;
  logger?: Logger;
  observer?: RefreshObserver;
  /** Wall-clock ms for credential expiry (the session's clock); Date.now by default. */
  clock?: () => number;
}

/** The S3 client of the session signed in now, with the session it belongs to. */
export interface SessionClient {
  info: ActiveSessionInfo;
  s3: S3Client;
}

/**
 * One S3Client per signed-in session, shared by every S3 service (browsing,
 * previews, transfers), so they share one credential cache and one refresh.
 * A new session gets a new client; the old one is destroyed, and listeners
 * hear that the session they started work under has ended.
 */
export class SessionClients {
  private readonly session: S3Session;
  private readonly options: SessionClientsOptions;
  private readonly logger: Logger;
  private current: { sessionId: number; client: SessionS3Client } | null = null;
  private readonly sessionEnded: Emitter<number>;
  private readonly unsubscribe: () => void;

  constructor(options: SessionClientsOptions) {
    this.session = options.session;
    this.options = options;
    this.logger = options.logger ?? silentLogger;
    this.sessionEnded = new Emitter(this.logger, 'the end of a session');
    // Drop the client (and the credentials it cached) as soon as its session ends or another replaces it.
    this.unsubscribe = this.session.onStateChanged(() => {
      const active = this.session.activeSession();
      if (this.current && active?.id !== this.current.sessionId) this.drop();
    });
  }

  /** The active session's client; throws not_signed_in when nobody is. */
  client(): SessionClient {
    const info = this.session.activeSession();
    if (!info) throw notSignedIn();
    if (this.current?.sessionId !== info.id) {
      this.drop();
      this.current = { sessionId: info.id, client: this.create(info) };
    }
    return { info, s3: this.current.client.s3 };
  }

  /** Whether work started under this session may go on. */
  isActive(sessionId: number): boolean {
    return this.session.activeSession()?.id === sessionId;
  }

  /** Called with the session id when that session's client is dropped (sign-out, switch, shutdown). */
  onSessionEnded(listener: (sessionId: number) => void): () => void {
    return this.sessionEnded.on(listener);
  }

  dispose(): void {
    this.unsubscribe();
    this.drop();
  }

  private create(info: ActiveSessionInfo): SessionS3Client {
    return createSessionS3Client({
      identityId: info.identityId,
      region: info.region,
      awsEndpoint: this.options.awsEndpoint || undefined,
      freshToken: () => this.session.freshToken(),
      invalidateToken: (token) => this.session.invalidateToken(token),
      logger: this.logger,
      observer: this.options.observer,
      clock: this.options.clock,
    });
  }

  private drop(): void {
    if (!this.current) return;
    const { sessionId, client } = this.current;
    this.current = null;
    this.sessionEnded.emit(sessionId);
    try {
      client.destroy();
    } catch (error) {
      this.logger.warn(`Closing the S3 client failed: ${describeError(error)}`);
    }
  }
}
