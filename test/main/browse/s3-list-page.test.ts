import { Readable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { element, xmlDocument } from '../../../devstack/aws/s3/xml';
import { listObjectsPage } from '../../../main/browse/range-listing/s3-list-page';

const reply = (statusCode: number, body: string) => ({
  response: { statusCode, headers: { 'content-type': 'application/xml', 'x-amz-request-id': 'FAKE-REQUEST-ID' }, body: Readable.from([Buffer.from(body)]) },
});
const LISTING = xmlDocument(
  'ListBucketResult',
  '<IsTruncated>true</IsTruncated>' + element('NextContinuationToken', 'next-page') + `<Contents>${element('Key', 'a.txt')}${element('Size', 3)}</Contents>`,
);
const errorDocument = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

/** An S3Client whose requests get these answers in turn, recording what was asked. */
function clientAnswering(answers: Array<ReturnType<typeof reply>>, maxAttempts = 1) {
  const requests: Array<{ query: Record<string, unknown> }> = [];
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:1',
    forcePathStyle: true,
    maxAttempts,
    retryMode: 'standard',
    credentials: { accessKeyId: 'TEST-KEY-ID', secretAccessKey: 'test-secret' },
    requestHandler: {
      handle: async (request: { query: Record<string, unknown> }) => {
        requests.push({ query: { ...request.query } });
        const answer = answers.shift();
        if (!answer) throw new Error('FAKE handler: no more answers');
        return answer;
      },
    },
  });
  return { s3, requests };
}

describe('one ListObjectsV2 page through the SDK, read by the listing reader', () => {
  it('sends the page’s parameters and answers the page', async () => {
    const { s3, requests } = clientAnswering([reply(200, LISTING)]);
    try {
      const page = await listObjectsPage(s3, 'desk-private', { prefix: 'photos/', delimiter: '/', maxKeys: 1000, startAfter: 'photos/m' });
      expect(page.objects.map((object) => [object.key, object.Size])).toEqual([['a.txt', 3]]);
      expect(page).toMatchObject({ isTruncated: true, nextContinuationToken: 'next-page' });
      expect(requests[0]!.query).toMatchObject({ 'list-type': '2', prefix: 'photos/', delimiter: '/', 'max-keys': '1000', 'start-after': 'photos/m' });
    } finally {
      s3.destroy();
    }
  });

  it('leaves S3’s errors to the SDK: the same error names and status as any other call', async () => {
    const { s3 } = clientAnswering([reply(403, errorDocument('AccessDenied', 'Access Denied'))]);
    try {
      await expect(listObjectsPage(s3, 'desk-private', { prefix: '', maxKeys: 1000 })).rejects.toMatchObject({
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
      });
    } finally {
      s3.destroy();
    }
  });

  it('reads the reply of the attempt that succeeded when the SDK retries a throttled request', async () => {
    const { s3, requests } = clientAnswering([reply(503, errorDocument('SlowDown', 'Please reduce your request rate.')), reply(200, LISTING)], 2);
    try {
      const page = await listObjectsPage(s3, 'desk-private', { prefix: '', maxKeys: 1000 });
      expect(page.objects.map((object) => object.key)).toEqual(['a.txt']);
      expect(requests).toHaveLength(2);
    } finally {
      s3.destroy();
    }
  });

  it('fails clearly when a 200 reply is not a listing (a proxy’s page), instead of showing an empty folder', async () => {
    const { s3 } = clientAnswering([reply(200, '<html><body>Please sign in</body></html>')]);
    try {
      await expect(listObjectsPage(s3, 'desk-private', { prefix: '', maxKeys: 1000 })).rejects.toMatchObject({ name: 'UnreadableListingError' });
    } finally {
      s3.destroy();
    }
  });
});
