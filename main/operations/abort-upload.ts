import { AbortMultipartUploadCommand, type S3Client } from '@aws-sdk/client-s3';
import { errorName } from '../aws/s3-errors';
import { describeError, type Logger } from '../shared/logger';
import type { UploadBook } from '../transfers/upload-registry';

/**
 * Aborts a multipart copy's upload, so no half-made copy is left (and billed)
 * at the destination: twice at most, then it gives up loudly and leaves the
 * UploadId in the upload registry, whose clean-up at the next sign-in aborts
 * it (as multipart-upload.ts does for uploads).
 */
export async function abortUpload(s3: S3Client, upload: { bucket: string; key: string; uploadId: string }, book: UploadBook, logger: Logger): Promise<void> {
  const { bucket, key, uploadId } = upload;
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
      await book.closed(uploadId);
      return;
    } catch (error) {
      if (errorName(error) === 'NoSuchUpload') {
        await book.closed(uploadId);
        return;
      }
      if (attempt === 2) logger.warn(`Could not abort an unfinished multipart copy (it is aborted at the next sign-in): ${describeError(error)}`);
    }
  }
  book.released(uploadId);
}
