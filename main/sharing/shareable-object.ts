import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectRef } from '../../common/ipc';
import { mapS3Error } from '../aws/s3-errors';
import { isArchiveClass, parseRestore } from '../browse/archive-status';
import { ServiceError } from '../shared/errors';

/** What a link to a readable object must respect. */
export interface ShareableObject {
  /** When an archived object's restored copy goes away (epoch ms); null for an object that is not archived. */
  restoredUntil: number | null;
}

/**
 * Makes sure a link would work before one is made: the object exists and
 * this session may read it (HEAD needs the same s3:GetObject as GET), and it
 * is not in archive storage without a restored copy — a GET of that answers
 * InvalidObjectState, so the person the link is sent to would get an error.
 */
export async function checkShareable(s3: S3Client, ref: ObjectRef): Promise<ShareableObject> {
  const { bucket, key } = ref;
  let reply;
  try {
    reply = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  } catch (error) {
    throw mapS3Error(error, { action: 'read', bucket, key });
  }
  const needsRestore = isArchiveClass(reply.StorageClass ?? 'STANDARD') || reply.ArchiveStatus !== undefined;
  if (!needsRestore) return { restoredUntil: null };
  const archive = parseRestore(reply.Restore);
  const where = `s3://${bucket}/${key}`;
  if (archive.restoreStatus === 'not-restored') {
    throw new ServiceError('archived_object', `${where} is archived, so a link to it would not work. Restore it first, then share it while the restored copy lasts.`);
  }
  if (archive.restoreStatus === 'restoring') {
    throw new ServiceError('archived_object', `${where} is still being restored, so a link to it would not work yet. Share it once the restore has finished.`);
  }
  return { restoredUntil: archive.restoredUntil === null ? null : Date.parse(archive.restoredUntil) };
}
