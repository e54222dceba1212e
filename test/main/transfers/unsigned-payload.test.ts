import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { PutObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { unsignedPayload } from '../../../main/transfers/unsigned-payload';

/** An S3Client that answers every request 200 and keeps the headers it was sent with. */
function recordingClient() {
  const sent: Array<Record<string, string>> = [];
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-real-secret' },
    requestHandler: {
      handle: async (request: { headers: Record<string, string> }) => {
        sent.push({ ...request.headers });
        return { response: { statusCode: 200, headers: { etag: '"e"' }, body: Readable.from([]) } };
      },
    },
  });
  return { s3, sent };
}

describe('bodies sent as UNSIGNED-PAYLOAD', () => {
  it('a part goes without a SHA-256 of its bytes, but with the CRC32 checksum S3 verifies, and the header is signed', async () => {
    const { s3, sent } = recordingClient();
    const body = Buffer.alloc(64 * 1024, 7);
    await s3.send(unsignedPayload(new UploadPartCommand({ Bucket: 'b', Key: 'k', UploadId: 'u', PartNumber: 1, Body: body, ContentLength: body.length })));
    const [headers] = sent;
    expect(headers!['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    expect(headers!['x-amz-checksum-crc32']).toMatch(/^[A-Za-z0-9+/]{6}==$/);
    expect(headers!.authorization).toMatch(/SignedHeaders=[^,]*x-amz-content-sha256/);
  });

  it('a command left alone still signs its payload hash (nothing else changes)', async () => {
    const { s3, sent } = recordingClient();
    await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: Buffer.from('hello') }));
    expect(sent[0]!['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
  });
});
