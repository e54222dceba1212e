import { ListBucketsCommand, ListObjectsV2Command, type ListObjectsV2CommandOutput, type S3Client } from '@aws-sdk/client-s3';
import type { BucketEntry, ListObjectsRequest, ObjectPage, SessionState } from '../../common/ipc-contract';
import type { RefreshObserver } from './credential-cache';
import { notSignedIn } from './errors';
import { describeError, silentLogger, type Logger } from './logger';
import { errorName, mapS3Error } from './s3-errors';
import { createSessionS3Client, type SessionS3Client } from './session-s3-client';
import type { ActiveSessionInfo } from './session-service';

/** The part of SessionService the S3 side uses. */
export interface S3Session {
  activeSession(): ActiveSessionInfo | null;
  freshToken(): Promise<string>;
  invalidateToken(token: string): void;
  onStateChanged(listener: (state: SessionState) => void): () => void;
}

export interface S3BrowserOptions {
  session: S3Session;
  /** One endpoint for Cognito Identity and S3 (the local stack, S3DESK_AWS_ENDPOINT); unset for real AWS. */
  awsEndpoint?: string;
  logger?: Logger;
  observer?: RefreshObserver;
  /** Wall-clock ms for credential expiry (the session's clock); Date.now by default. */
  clock?: () => number;
}

const DELIMITER = '/';
const PAGE_SIZE = 1000;

/**
 * Browses S3 as the signed-in identity. One S3Client per session, whose
 * credential provider (Cognito, with the session's fresh token) the SDK
 * caches and refreshes ahead of expiry; a new session gets a new client.
 */
export class S3Browser {
  private readonly session: S3Session;
  private readonly awsEndpoint: string | undefined;
  private readonly logger: Logger;
  private readonly observer: RefreshObserver | undefined;
  private readonly clock: (() => number) | undefined;
  private current: { sessionId: number; client: SessionS3Client } | null = null;
  private readonly unsubscribe: () => void;

  constructor(options: S3BrowserOptions) {
    this.session = options.session;
    this.awsEndpoint = options.awsEndpoint || undefined;
    this.logger = options.logger ?? silentLogger;
    this.observer = options.observer;
    this.clock = options.clock;
    // Drop the client (and the credentials it cached) as soon as the session ends.
    this.unsubscribe = this.session.onStateChanged((state) => {
      if (state.status === 'signed-out') this.dropClient();
    });
  }

  async listBuckets(): Promise<BucketEntry[]> {
    const { info, client } = this.clientForSession();
    const entries: BucketEntry[] = [];
    const seen = new Set<string>();
    for (const bucket of info.buckets) {
      if (seen.has(bucket.name)) continue;
      seen.add(bucket.name);
      entries.push({ name: bucket.name, prefix: bucket.prefix, source: 'session' });
    }
    try {
      const reply = await client.send(new ListBucketsCommand({}));
      for (const bucket of reply.Buckets ?? []) {
        if (!bucket.Name || seen.has(bucket.Name)) continue;
        seen.add(bucket.Name);
        entries.push({ name: bucket.Name, prefix: '', source: 'account' });
      }
    } catch (error) {
      // Most roles may not list the account's buckets; the session's buckets are then the whole answer.
      if (errorName(error) !== 'AccessDenied') throw mapS3Error(error, { action: 'list' });
    }
    return entries;
  }

  async listObjects(request: ListObjectsRequest): Promise<ObjectPage> {
    const { client } = this.clientForSession();
    const { bucket, prefix } = request;
    let reply: ListObjectsV2CommandOutput;
    try {
      reply = await client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix === '' ? undefined : prefix,
          Delimiter: DELIMITER,
          MaxKeys: PAGE_SIZE,
          ContinuationToken: request.continuationToken,
        }),
      );
    } catch (error) {
      throw mapS3Error(error, { action: 'list', bucket, prefix });
    }
    return toObjectPage(request, reply);
  }

  /** Releases the client's sockets; for app shutdown. */
  dispose(): void {
    this.unsubscribe();
    this.dropClient();
  }

  private clientForSession(): { info: ActiveSessionInfo; client: S3Client } {
    const info = this.session.activeSession();
    if (!info) throw notSignedIn();
    if (this.current?.sessionId !== info.id) {
      this.dropClient();
      this.current = { sessionId: info.id, client: this.createClient(info) };
    }
    return { info, client: this.current.client.s3 };
  }

  private createClient(info: ActiveSessionInfo): SessionS3Client {
    return createSessionS3Client({
      identityId: info.identityId,
      region: info.region,
      awsEndpoint: this.awsEndpoint,
      freshToken: () => this.session.freshToken(),
      invalidateToken: (token) => this.session.invalidateToken(token),
      logger: this.logger,
      observer: this.observer,
      clock: this.clock,
    });
  }

  private dropClient(): void {
    if (!this.current) return;
    try {
      this.current.client.destroy();
    } catch (error) {
      this.logger.warn(`Closing the S3 client failed: ${describeError(error)}`);
    }
    this.current = null;
  }
}

/** ListObjectsV2 reply → the contract's page: folders by display name, objects without the folder marker. */
export function toObjectPage(request: ListObjectsRequest, reply: ListObjectsV2CommandOutput): ObjectPage {
  const { bucket, prefix } = request;
  const folders = (reply.CommonPrefixes ?? [])
    .map((common) => common.Prefix)
    .filter((folder): folder is string => typeof folder === 'string' && folder.length > prefix.length)
    .map((folder) => ({ prefix: folder, name: folder.slice(prefix.length, -DELIMITER.length) }));
  const objects = (reply.Contents ?? [])
    .filter((object): object is typeof object & { Key: string } => typeof object.Key === 'string' && object.Key !== prefix)
    .map((object) => ({
      key: object.Key,
      name: object.Key.slice(prefix.length),
      size: object.Size ?? 0,
      lastModified: (object.LastModified ?? new Date(0)).toISOString(),
      storageClass: object.StorageClass ?? 'STANDARD',
    }));
  return {
    bucket,
    prefix,
    folders,
    objects,
    nextContinuationToken: reply.IsTruncated && reply.NextContinuationToken ? reply.NextContinuationToken : null,
  };
}
