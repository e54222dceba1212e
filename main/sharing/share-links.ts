import type { S3Client } from '@aws-sdk/client-s3';
import { MIN_SHARE_LINK_SECONDS, type ObjectRef, type ShareLinkCopied, type ShareLinkRequest } from '../../common/ipc';
import { mapS3Error } from '../aws/s3-errors';
import type { SessionClient } from '../aws/session-clients';
import { ServiceError } from '../shared/errors';
import { linkLifetime, type LinkLifetime } from './link-lifetime';
import { presignGet, signingKeyOf } from './presign-get';
import { checkShareable } from './shareable-object';

/** The session's S3 client (SessionClients): the one every S3 call shares, and its credentials. */
export interface SessionS3 {
  client(): Pick<SessionClient, 's3'>;
}

export interface ShareLinksOptions {
  clients: SessionS3;
  /** Electron's clipboard in the app: the only place a link goes. */
  clipboard: { writeText(text: string): void };
  /**
   * This computer's clock, Date.now by default (tests fix it). Not the session's clock: the SDK signs every
   * request at Date.now() plus the offset it learned from AWS's answers, and a link is signed the same way.
   */
  clock?: () => number;
}

/**
 * A credential renewal can land between reading the credentials and
 * signing with them; the URL then names other keys than the ones its expiry
 * was worked out from, and is signed again. Twice in a row means renewals
 * are failing and retrying, and the link is refused rather than guessed at.
 */
const SIGNING_ATTEMPTS = 2;

/**
 * AWS's Date header counts whole seconds, and the SDK learns its offset to
 * AWS's clock from it: the offset may fall short by up to this much.
 */
const AWS_DATE_PRECISION_MS = 1000;

/**
 * Share links: a presigned GET of one file, put on the clipboard — never in
 * a reply, an event or a log, since it carries the session's token. It
 * lasts what the user picked, or less when the temporary credentials it is
 * signed with (or an archived file's restored copy) expire sooner: the reply
 * says until when, and why.
 */
export class ShareLinks {
  private readonly clients: SessionS3;
  private readonly clipboard: { writeText(text: string): void };
  private readonly clock: () => number;

  constructor(options: ShareLinksOptions) {
    this.clients = options.clients;
    this.clipboard = options.clipboard;
    this.clock = options.clock ?? Date.now;
  }

  async copyShareLink(request: ShareLinkRequest): Promise<ShareLinkCopied> {
    const { s3 } = this.clients.client();
    const ref: ObjectRef = { bucket: request.bucket, key: request.key };
    const { restoredUntil } = await checkShareable(s3, ref);
    for (let attempt = 0; attempt < SIGNING_ATTEMPTS; attempt++) {
      const signed = await this.sign(s3, ref, request.expiresInSeconds, restoredUntil);
      if (!signed) continue;
      this.clipboard.writeText(signed.url);
      const { lifetime, expiresAtMs } = signed;
      return {
        expiresAt: new Date(expiresAtMs).toISOString(),
        capped: lifetime.cappedBy !== null,
        ...(lifetime.cappedBy ? { cappedBy: lifetime.cappedBy } : {}),
      };
    }
    throw new ServiceError('session_expired', 'This session’s AWS credentials are being renewed and the renewal has not settled. Try again in a moment.');
  }

  /** The link signed with the credentials its lifetime was worked out from, or null when they were renewed in between. */
  private async sign(
    s3: S3Client,
    ref: ObjectRef,
    askedSeconds: number,
    restoredUntil: number | null,
  ): Promise<{ url: string; lifetime: LinkLifetime; expiresAtMs: number } | null> {
    const where = { action: 'share', bucket: ref.bucket, key: ref.key };
    let credentials;
    try {
      credentials = await s3.config.credentials();
    } catch (error) {
      throw mapS3Error(error, where);
    }
    // AWS's clock, as the SDK signs every other request: this computer's plus the offset learned from AWS's answers.
    const offsetMs = s3.config.systemClockOffset ?? 0;
    const awsNowMs = this.clock() + offsetMs;
    // X-Amz-Date counts whole seconds: signed at one, the link ends exactly at signingDate + X-Amz-Expires on AWS's clock,
    // which the credentials' expiration (AWS's clock too) is compared with.
    const signingDate = new Date(awsNowMs - (awsNowMs % 1000));
    const lifetime = linkLifetime(askedSeconds, {
      credentialsLeftMs: credentials.expiration ? credentials.expiration.getTime() - signingDate.getTime() : null,
      restoredCopyLeftMs: restoredUntil === null ? null : restoredUntil - signingDate.getTime(),
    });
    if (lifetime.seconds < MIN_SHARE_LINK_SECONDS) throw tooShort(lifetime, ref);
    let url;
    try {
      url = await presignGet(s3, ref, { expiresInSeconds: lifetime.seconds, signingDate });
    } catch (error) {
      throw mapS3Error(error, where);
    }
    if (signingKeyOf(url) !== credentials.accessKeyId) return null;
    // Back on this computer's clock, rather early than late: the learned offset may fall short.
    const expiresAtMs = signingDate.getTime() + lifetime.seconds * 1000 - offsetMs - AWS_DATE_PRECISION_MS;
    return { url, lifetime, expiresAtMs };
  }
}

/** A link that would die within a minute helps nobody: say what stands in the way instead. */
function tooShort(lifetime: LinkLifetime, ref: ObjectRef): ServiceError {
  if (lifetime.cappedBy === 'restored-copy') {
    return new ServiceError('archived_object', `The restored copy of s3://${ref.bucket}/${ref.key} goes away within a minute, so a link to it would stop working at once. Restore it again, then share it.`);
  }
  return new ServiceError(
    'session_expired',
    'This session’s AWS credentials expire within a minute and are being renewed, so a link made now would stop working at once. Try again in a moment.',
  );
}
