import { ListBucketsCommand, ListObjectsV2Command, type ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import type { BucketEntry, ListObjectsRequest, ObjectPage } from '../../common/ipc-contract';
import { errorName, mapS3Error } from './s3-errors';
import type { SessionClients } from './session-clients';

export interface S3BrowserOptions {
  clients: SessionClients;
}

export const DELIMITER = '/';
export const PAGE_SIZE = 1000;

/** Lists buckets and single folder pages as the signed-in identity. */
export class S3Browser {
  private readonly clients: SessionClients;

  constructor(options: S3BrowserOptions) {
    this.clients = options.clients;
  }

  async listBuckets(): Promise<BucketEntry[]> {
    const { info, s3 } = this.clients.client();
    const entries: BucketEntry[] = [];
    const seen = new Set<string>();
    for (const bucket of info.buckets) {
      if (seen.has(bucket.name)) continue;
      seen.add(bucket.name);
      entries.push({ name: bucket.name, prefix: bucket.prefix, source: 'session' });
    }
    try {
      const reply = await s3.send(new ListBucketsCommand({}));
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
    const { s3 } = this.clients.client();
    const { bucket, prefix } = request;
    let reply: ListObjectsV2CommandOutput;
    try {
      reply = await s3.send(
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
