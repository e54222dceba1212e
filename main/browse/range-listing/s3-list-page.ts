import { ListObjectsV2Command, type _Object, type S3Client } from '@aws-sdk/client-s3';
import type { ListPage } from './range-lister';

/** An object as ListObjectsV2 describes it, with its key always present. */
export type ListedS3Object = _Object & { key: string };

/** The range lister's `listPage` for one bucket: one ListObjectsV2 request per call, aborted with the signal. */
export function s3ListPage(s3: Pick<S3Client, 'send'>, bucket: string): ListPage<ListedS3Object> {
  return async (params, signal) => {
    const reply = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: params.prefix === '' ? undefined : params.prefix,
        Delimiter: params.delimiter,
        MaxKeys: params.maxKeys,
        StartAfter: params.startAfter,
        ContinuationToken: params.continuationToken,
      }),
      { abortSignal: signal },
    );
    return {
      objects: (reply.Contents ?? []).flatMap((object) => (typeof object.Key === 'string' ? [{ ...object, key: object.Key }] : [])),
      commonPrefixes: (reply.CommonPrefixes ?? []).flatMap((common) => (typeof common.Prefix === 'string' ? [common.Prefix] : [])),
      isTruncated: reply.IsTruncated === true,
      nextContinuationToken: reply.NextContinuationToken,
    };
  };
}
