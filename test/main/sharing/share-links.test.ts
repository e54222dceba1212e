import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { ShareLinks } from '../../../main/sharing/share-links';
import { ServiceError } from '../../../main/shared/errors';
import { startCannedServer, type CannedServer } from '../helpers/canned-server';

/**
 * ShareLinks with a real S3Client (the SDK's own presigner and error
 * parsing) against a canned S3 that answers the HEAD, a credentials provider
 * the test controls, and a fixed clock.
 */
const NOW = Date.parse('2030-01-01T12:00:00Z');
const MINUTE = 60_000;
const BUCKET = 'desk-private';
const KEY = 'home/reports/q1 report.pdf';
const OBJECT_PATH = `/${BUCKET}/home/reports/q1%20report.pdf`;

/** Obviously not real: recognisable, so a leak check can look for them. */
function testCredentials(name: string, expiresInMs: number | null): AwsCredentialIdentity {
  return {
    accessKeyId: `ASIATEST${name}`,
    secretAccessKey: `test-secret-${name}-not-a-real-key`,
    sessionToken: `test-session-token-${name}-not-a-real-token`,
    ...(expiresInMs === null ? {} : { expiration: new Date(NOW + expiresInMs) }),
  };
}

describe('ShareLinks.copyShareLink', () => {
  let server: CannedServer;
  let clipboard: string[];
  /** What the provider hands out, call after call (the last one repeats). */
  let issued: AwsCredentialIdentity[];
  let s3: S3Client;
  let links: ShareLinks;

  const provider = Object.assign(async () => (issued.length > 1 ? issued.shift()! : issued[0]!), { memoized: true as const });
  const share = (expiresInSeconds: number, key = KEY) => links.copyShareLink({ bucket: BUCKET, key, expiresInSeconds });
  const query = (url: string) => new URL(url).searchParams;
  const headReplies = (headers: Record<string, string>, status = 200) => server.reply(OBJECT_PATH, { status, headers });

  beforeAll(async () => {
    server = await startCannedServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
    clipboard = [];
    issued = [testCredentials('ONE', 60 * MINUTE)];
    // The canned server's Date header is today's, the test's clock 2030's: the offset to AWS's clock is set by hand instead.
    s3 = new S3Client({ region: 'us-east-1', endpoint: server.url, forcePathStyle: true, credentials: provider, disableClockSkewCorrection: true });
    links = new ShareLinks({
      clients: { client: () => ({ s3 }) },
      clipboard: { writeText: (text) => clipboard.push(text) },
      clock: () => NOW,
    });
    headReplies({ 'content-length': '2048', 'x-amz-storage-class': 'STANDARD' });
  });

  it('puts a presigned GET of the object on the clipboard, lasting what was asked, and answers only until when', async () => {
    const copied = await share(15 * 60);

    // A second early: AWS's clock is known to the second only (its Date header), and the answer must not be late.
    expect(copied).toEqual({ expiresAt: '2030-01-01T12:14:59.000Z', capped: false });
    expect(clipboard).toHaveLength(1);
    const url = new URL(clipboard[0]!);
    expect(`${url.origin}${url.pathname}`).toBe(`${server.url}${OBJECT_PATH}`);
    expect(query(clipboard[0]!).get('X-Amz-Expires')).toBe('900');
    expect(query(clipboard[0]!).get('X-Amz-Date')).toBe('20300101T120000Z');
    expect(query(clipboard[0]!).get('X-Amz-Credential')).toMatch(/^ASIATESTONE\/20300101\/us-east-1\/s3\/aws4_request$/);
    // It checked first that the object is there and readable.
    expect(server.requests.map((request) => `${request.method} ${request.path.split('?')[0]}`)).toEqual([`HEAD ${OBJECT_PATH}`]);
  });

  it('never puts the link, its signature or the session token in the reply', async () => {
    const copied = await share(15 * 60);
    const reply = JSON.stringify(copied);
    const link = clipboard[0]!;
    for (const secret of [link, query(link).get('X-Amz-Signature')!, query(link).get('X-Amz-Security-Token')!, 'test-session-token-ONE']) {
      expect(reply).not.toContain(secret);
    }
  });

  it('stops the link when the credentials it is signed with expire, and says so', async () => {
    issued = [testCredentials('ONE', 50 * MINUTE)];
    const copied = await share(24 * 3600);

    expect(copied).toEqual({ expiresAt: '2030-01-01T12:49:59.000Z', capped: true, cappedBy: 'credentials' });
    expect(query(clipboard[0]!).get('X-Amz-Expires')).toBe(String(50 * 60));
  });

  it('signs on AWS’s clock, as the SDK does for every request once it learned the offset, and measures the credentials against it', async () => {
    s3.config.systemClockOffset = 2 * MINUTE;
    issued = [testCredentials('ONE', 30 * MINUTE)];
    const copied = await share(3600);

    expect(query(clipboard[0]!).get('X-Amz-Date')).toBe('20300101T120200Z');
    // 28 minutes of credentials are left on AWS's clock: the link works until 12:28 here (a second early, to be sure).
    expect(query(clipboard[0]!).get('X-Amz-Expires')).toBe(String(28 * 60));
    expect(copied).toEqual({ expiresAt: '2030-01-01T12:27:59.000Z', capped: true, cappedBy: 'credentials' });
  });

  it('signs at a whole second, as X-Amz-Date counts them, so the link ends exactly where the credentials allow', async () => {
    links = new ShareLinks({ clients: { client: () => ({ s3 }) }, clipboard: { writeText: (text) => clipboard.push(text) }, clock: () => NOW + 700 });
    issued = [testCredentials('ONE', 10 * MINUTE)];
    const copied = await share(3600);

    expect(query(clipboard[0]!).get('X-Amz-Date')).toBe('20300101T120000Z');
    expect(query(clipboard[0]!).get('X-Amz-Expires')).toBe(String(10 * 60));
    expect(copied).toEqual({ expiresAt: '2030-01-01T12:09:59.000Z', capped: true, cappedBy: 'credentials' });
  });

  it('signs again when the credentials were renewed between reading their expiry and signing', async () => {
    issued = [testCredentials('OLD', 10 * MINUTE), testCredentials('NEW', 60 * MINUTE)];
    const copied = await share(3600);

    expect(query(clipboard[0]!).get('X-Amz-Credential')).toMatch(/^ASIATESTNEW\//);
    expect(copied).toEqual({ expiresAt: '2030-01-01T12:59:59.000Z', capped: false });
  });

  it('refuses a link that would die within a minute, while the credentials are being renewed', async () => {
    issued = [testCredentials('ONE', 30_000)];
    const failure = await share(3600).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ServiceError);
    expect((failure as ServiceError).toIpcError()).toEqual({
      code: 'session_expired',
      message: 'This session’s AWS credentials expire within a minute and are being renewed, so a link made now would stop working at once. Try again in a moment.',
    });
    expect(clipboard).toEqual([]);
  });

  it('a missing object → no_such_key, and nothing on the clipboard', async () => {
    headReplies({}, 404);
    await expect(share(3600)).rejects.toMatchObject({
      code: 'no_such_key',
      message: `There is no object at s3://${BUCKET}/${KEY}. It may have been deleted or renamed.`,
    });
    expect(clipboard).toEqual([]);
  });

  it('an object this session may not read → access_denied, and nothing on the clipboard', async () => {
    headReplies({}, 403);
    await expect(share(3600)).rejects.toMatchObject({ code: 'access_denied', message: `You don't have permission to read s3://${BUCKET}/${KEY}.` });
    expect(clipboard).toEqual([]);
  });

  it('an archived object without a restored copy → archived_object (a GET would answer InvalidObjectState)', async () => {
    for (const storageClass of ['GLACIER', 'DEEP_ARCHIVE']) {
      headReplies({ 'x-amz-storage-class': storageClass });
      await expect(share(3600)).rejects.toMatchObject({
        code: 'archived_object',
        message: `s3://${BUCKET}/${KEY} is archived, so a link to it would not work. Restore it first, then share it while the restored copy lasts.`,
      });
    }
    // Intelligent-Tiering's archive tiers keep the storage class but need a restore all the same.
    headReplies({ 'x-amz-storage-class': 'INTELLIGENT_TIERING', 'x-amz-archive-status': 'DEEP_ARCHIVE_ACCESS' });
    await expect(share(3600)).rejects.toMatchObject({ code: 'archived_object' });
    expect(clipboard).toEqual([]);
  });

  it('an archived object still being restored → archived_object, saying to wait for the restore', async () => {
    headReplies({ 'x-amz-storage-class': 'GLACIER', 'x-amz-restore': 'ongoing-request="true"' });
    await expect(share(3600)).rejects.toMatchObject({
      code: 'archived_object',
      message: `s3://${BUCKET}/${KEY} is still being restored, so a link to it would not work yet. Share it once the restore has finished.`,
    });
    expect(clipboard).toEqual([]);
  });

  it('a restored copy is shared until it goes away, when that comes before the credentials expire', async () => {
    issued = [testCredentials('ONE', 24 * 60 * MINUTE)];
    headReplies({ 'x-amz-storage-class': 'GLACIER', 'x-amz-restore': 'ongoing-request="false", expiry-date="Tue, 01 Jan 2030 18:00:00 GMT"' });
    const copied = await share(7 * 24 * 3600);

    expect(copied).toEqual({ expiresAt: '2030-01-01T17:59:59.000Z', capped: true, cappedBy: 'restored-copy' });
    expect(query(clipboard[0]!).get('X-Amz-Expires')).toBe(String(6 * 3600));
  });

  it('not signed in → not_signed_in, asking S3 nothing', async () => {
    links = new ShareLinks({
      clients: {
        client: () => {
          throw new ServiceError('not_signed_in', 'You are not signed in. Sign in to browse S3.');
        },
      },
      clipboard: { writeText: (text) => clipboard.push(text) },
    });
    await expect(share(3600)).rejects.toMatchObject({ code: 'not_signed_in' });
    expect(server.requests).toEqual([]);
    expect(clipboard).toEqual([]);
  });
});
