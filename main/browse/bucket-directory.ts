import { ListBucketsCommand } from '@aws-sdk/client-s3';
import type { BucketEntry } from '../../common/ipc';
import { errorName, mapS3Error } from '../aws/s3-errors';
import type { SessionClients } from '../aws/session-clients';

/**
 * The buckets the signed-in identity may browse: the backend's list first
 * (with each one's home prefix), then any more ListBuckets reveals.
 */
export class BucketDirectory {
  constructor(private readonly clients: SessionClients) {}

  async list(): Promise<BucketEntry[]> {
    const { info, s3 } = this.clients.client();
    const entries: BucketEntry[] = [];
    const seen = new Set<string>();
    for (const bucket of info.buckets) {
      if (seen.has(bucket.name)) continue;
      seen.add(bucket.name);
      entries.push({ name: bucket.name, prefix: bucket.prefix, ...(bucket.label ? { label: bucket.label } : {}), source: 'session' });
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
}
