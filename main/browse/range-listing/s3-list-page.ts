import { ListObjectsV2Command, type ListObjectsV2CommandInput, type ListObjectsV2CommandOutput, type S3Client } from '@aws-sdk/client-s3';
import type { DeserializeMiddleware } from '@aws-sdk/types';
import { parseListBucketResult, type ListBucketResult, type ListedS3Object } from './list-bucket-result';
import type { ListPage, ListPageParams } from './range-lister';

export type { ListedS3Object } from './list-bucket-result';

/** What the SDK's own deserializer is left to read once the reply has been read here: a valid, empty result. */
const EMPTY_RESULT = new TextEncoder().encode('<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></ListBucketResult>');

/** The range lister's `listPage` for one bucket: one ListObjectsV2 request per call, aborted with the signal. */
export function s3ListPage(s3: Pick<S3Client, 'send'>, bucket: string): ListPage<ListedS3Object> {
  return (params, signal) => listObjectsPage(s3, bucket, params, signal);
}

/**
 * One ListObjectsV2 request through the SDK — signing, credentials, retries,
 * error replies and their codes all as for any other call — whose successful
 * reply is read by parseListBucketResult instead of the SDK's document
 * parser, which costs several times the whole rest of the request. The SDK's
 * deserializer still runs, on an empty result, so every reply it would reject
 * (an error status, an S3 error document) is rejected as before.
 */
export async function listObjectsPage(s3: Pick<S3Client, 'send'>, bucket: string, params: ListPageParams, signal?: AbortSignal): Promise<ListBucketResult> {
  const command = new ListObjectsV2Command({
    Bucket: bucket,
    Prefix: params.prefix === '' ? undefined : params.prefix,
    Delimiter: params.delimiter,
    MaxKeys: params.maxKeys,
    StartAfter: params.startAfter,
    ContinuationToken: params.continuationToken,
  });
  let page: ListBucketResult | null = null;
  const readReply: DeserializeMiddleware<ListObjectsV2CommandInput, ListObjectsV2CommandOutput> = (next) => async (args) => {
    const reply = await next(args);
    const response = reply.response as { statusCode?: number; body?: unknown };
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) {
      page = parseListBucketResult(await bodyText(response.body));
      response.body = EMPTY_RESULT;
    }
    return reply;
  };
  // 'after' the deserializer is nearer the network: this sees the raw reply first, once per attempt.
  command.middlewareStack.addRelativeTo(readReply, { relation: 'after', toMiddleware: 'deserializerMiddleware', name: 'readListBucketResult' });
  const output = await s3.send(command, { abortSignal: signal });
  return page ?? fromSdkOutput(output);
}

/** The SDK's own reading, for a client whose replies never passed the reader (a stand-in without a network). */
function fromSdkOutput(reply: ListObjectsV2CommandOutput): ListBucketResult {
  return {
    objects: (reply.Contents ?? []).flatMap((object) => (typeof object.Key === 'string' ? [{ ...object, key: object.Key }] : [])),
    commonPrefixes: (reply.CommonPrefixes ?? []).flatMap((common) => (typeof common.Prefix === 'string' ? [common.Prefix] : [])),
    isTruncated: reply.IsTruncated === true,
    nextContinuationToken: reply.NextContinuationToken,
  };
}

/** The reply's body as text: a Node stream from the HTTP handler, or bytes (tests, other handlers). */
async function bodyText(body: unknown): Promise<string> {
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  if (typeof body === 'string') return body;
  if (body && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Uint8Array[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks).toString('utf8');
  }
  return '';
}
