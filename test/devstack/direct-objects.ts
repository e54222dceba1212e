import { createHash } from 'node:crypto';
import type { AwsEmulator } from '../../devstack/aws/server';
import type { ObjectRecord } from '../../devstack/aws/s3/object-store';

export interface DirectObject {
  bucket: string;
  key: string;
  body: string | Buffer;
  storageClass?: string;
  contentType?: string;
  metadata?: Record<string, string>;
  /**
   * The size the object claims, when not its body's: a "5 GiB" object
   * without 5 GiB of bytes. Only its real bytes can be read back.
   */
  size?: number;
}

/**
 * Puts an object straight into the emulator's store, as the stack's seeding
 * does: for objects no role may write (the shared library, archived storage
 * classes) and sizes no test should upload.
 */
export async function putDirect(emulator: AwsEmulator, object: DirectObject): Promise<ObjectRecord> {
  const body = typeof object.body === 'string' ? Buffer.from(object.body) : object.body;
  const pending = emulator.objects.blobs.create();
  await new Promise<void>((resolve, reject) => pending.stream.end(body, (error?: Error | null) => (error ? reject(error) : resolve())));
  return emulator.objects.commit(pending, {
    bucket: object.bucket,
    key: object.key,
    size: object.size ?? body.length,
    etag: `"${createHash('md5').update(body).digest('hex')}"`,
    lastModified: emulator.controls.clock.now(),
    contentType: object.contentType ?? 'text/plain',
    contentEncoding: null,
    storageClass: object.storageClass ?? 'STANDARD',
    metadata: object.metadata ?? {},
    checksumAlgorithm: null,
    checksumValue: null,
  });
}

export function md5Etag(body: string | Buffer): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}
