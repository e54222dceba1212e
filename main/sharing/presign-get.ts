import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ObjectRef } from '../../common/ipc';

/**
 * A presigned GET of one object: anyone holding the URL can download it
 * until `signingDate` + `expiresInSeconds`, or until the credentials it was
 * signed with expire, whichever comes first. The URL carries the session
 * token in its query, so it is as secret as the credentials themselves.
 */
export function presignGet(s3: S3Client, ref: ObjectRef, options: { expiresInSeconds: number; signingDate: Date }): Promise<string> {
  return getSignedUrl(s3, new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }), {
    expiresIn: options.expiresInSeconds,
    signingDate: options.signingDate,
  });
}

/** The access key id a presigned URL was signed with: the first part of its X-Amz-Credential. */
export function signingKeyOf(url: string): string | null {
  const credential = new URL(url).searchParams.get('X-Amz-Credential');
  return credential ? (credential.split('/')[0] ?? null) : null;
}
