import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AwsChunkedDecoder } from './aws-chunked';
import { createChecksum, requestedChecksum, type ChecksumAlgorithm } from './checksums';
import { S3Error } from './errors';
import { UNSIGNED_PAYLOAD } from '../sigv4';

export interface ReceivedPayload {
  size: number;
  md5Hex: string;
  checksum: { algorithm: ChecksumAlgorithm; value: string } | undefined;
}

const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';

/**
 * Streams a request body into `sink` while computing every digest the
 * request makes a claim about, then checks the claims. Nothing is buffered
 * beyond one chunk, so multi-GiB bodies are fine. Throws S3Error on any
 * mismatch; the caller then discards what the sink received.
 */
export async function receivePayload(req: IncomingMessage, signedPayloadHash: string, sink: Writable): Promise<ReceivedPayload> {
  const headers = req.headers;
  const chunked = signedPayloadHash.startsWith('STREAMING-');
  if (chunked && signedPayloadHash !== STREAMING_UNSIGNED_TRAILER) {
    throw new S3Error(
      501,
      'NotImplemented',
      `The payload mode ${signedPayloadHash} is not supported by the S3 Desk local emulator; use ${STREAMING_UNSIGNED_TRAILER} or a signed/unsigned payload hash.`,
    );
  }
  const isHexHash = /^[0-9a-f]{64}$/.test(signedPayloadHash);
  if (!chunked && !isHexHash && signedPayloadHash !== UNSIGNED_PAYLOAD) {
    throw new S3Error(400, 'InvalidArgument', 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER or a SHA-256 hex digest.');
  }
  const declaredDecodedLength = chunked ? Number(headers['x-amz-decoded-content-length']) : undefined;
  if (chunked && !Number.isSafeInteger(declaredDecodedLength)) {
    throw new S3Error(411, 'MissingContentLength', 'You must provide the x-amz-decoded-content-length header with an aws-chunked body.');
  }

  const wanted = requestedChecksum(headers);
  const checksum = wanted ? createChecksum(wanted.algorithm) : undefined;
  const md5 = createHash('md5');
  const sha256 = isHexHash ? createHash('sha256') : undefined;
  let size = 0;
  const digests = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      size += chunk.length;
      md5.update(chunk);
      sha256?.update(chunk);
      checksum?.update(chunk);
      callback(null, chunk);
    },
  });

  const decoder = chunked ? new AwsChunkedDecoder() : undefined;
  if (decoder) await pipeline(req, decoder, digests, sink);
  else await pipeline(req, digests, sink);

  if (sha256 && sha256.digest('hex') !== signedPayloadHash) {
    throw new S3Error(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  if (declaredDecodedLength !== undefined && declaredDecodedLength !== size) {
    throw new S3Error(400, 'IncompleteBody', 'The decoded body length does not match x-amz-decoded-content-length.');
  }
  const md5Hex = md5.digest('hex');
  const contentMd5 = headers['content-md5'];
  if (typeof contentMd5 === 'string' && Buffer.from(md5Hex, 'hex').toString('base64') !== contentMd5) {
    throw new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
  }

  let verified: ReceivedPayload['checksum'];
  if (wanted && checksum) {
    const actual = await checksum.digestBase64();
    const claimed = wanted.value ?? decoder?.trailers.get(`x-amz-checksum-${wanted.algorithm}`);
    if (claimed === undefined && decoder && headers['x-amz-trailer'] !== undefined) {
      throw new S3Error(400, 'InvalidRequest', `The x-amz-trailer header announced ${String(headers['x-amz-trailer'])}, but the body did not carry it.`);
    }
    if (claimed !== undefined && claimed !== actual) {
      throw new S3Error(400, 'BadDigest', `The ${wanted.algorithm.toUpperCase()} you specified did not match the calculated checksum.`);
    }
    verified = { algorithm: wanted.algorithm, value: actual };
  }
  return { size, md5Hex, checksum: verified };
}
