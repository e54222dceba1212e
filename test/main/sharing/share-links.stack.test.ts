import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PRIVATE_BUCKET, SHARED_BUCKET, SHARED_PREFIX } from '../../../devstack/seed';
import { createIpcHandlers, type IpcHandlers } from '../../../main/ipc/create-handlers';
import { ShareLinks } from '../../../main/sharing/share-links';
import { startSignedInStack, type SignedInStack } from '../helpers/signed-in-stack';

/**
 * Share links made by the real session's S3 client against the local stack,
 * whose S3 checks presigned URLs as S3 does (X-Amz-Expires on its own clock,
 * the session token's expiry). The links are fetched with no credentials at
 * all, as the person they are sent to would.
 */
describe('share links against the local stack', () => {
  let env: SignedInStack;
  let links: ShareLinks;
  let handlers: IpcHandlers;
  const clipboard: string[] = [];
  const lastLink = () => clipboard.at(-1)!;
  const moveStackClock = (seconds: number) => env.stack.emulator.controls.clock.setOffsetSeconds(seconds);

  beforeAll(async () => {
    env = await startSignedInStack('sharing');
    links = new ShareLinks({ clients: env.services.clients, clipboard: { writeText: (text) => clipboard.push(text) } });
    handlers = createIpcHandlers({ ...env.services, sharing: links });
  });
  afterEach(() => {
    moveStackClock(0);
  });
  afterAll(async () => {
    await env?.close();
  });

  it('downloads the file with nothing but the link, until the chosen expiry on S3’s clock', async () => {
    const key = `${env.home}shared/plan #2 (final)?.txt`;
    const body = 'The plan, shared by link.\n';
    await env.s3().send(new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: key, Body: body, ContentType: 'text/plain' }));

    const copied = await links.copyShareLink({ bucket: PRIVATE_BUCKET, key, expiresInSeconds: 15 * 60 });
    expect(copied.capped).toBe(false);

    const now = await fetch(lastLink());
    expect(now.status).toBe(200);
    expect(await now.text()).toBe(body);

    moveStackClock(14 * 60);
    expect((await fetch(lastLink())).status).toBe(200);

    moveStackClock(15 * 60 + 2);
    const late = await fetch(lastLink());
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('Request has expired');
  });

  it('shares a file of the read-only team library too: reading is all a link needs', async () => {
    await links.copyShareLink({ bucket: SHARED_BUCKET, key: `${SHARED_PREFIX}README.txt`, expiresInSeconds: 3600 });
    const reply = await fetch(lastLink());
    expect(reply.status).toBe(200);
    expect(await reply.text()).toBe('The shared library: read-only for every signed-in identity.\n');
  });

  it('asked for 7 days, stops when the session’s credentials expire, and the reply says so — never the link', async () => {
    const key = `${env.home}welcome.txt`;
    const before = Date.now();
    const reply = await handlers.copyShareLink([{ bucket: PRIVATE_BUCKET, key, expiresInSeconds: 7 * 24 * 3600 }]);
    expect(reply).toEqual({ ok: true, value: { expiresAt: expect.any(String), capped: true, cappedBy: 'credentials' } });
    const { expiresAt } = (reply as { ok: true; value: { expiresAt: string } }).value;
    const expiresInMs = Date.parse(expiresAt) - before;
    // The stack's credentials last an hour; the link is signed for what is left of them.
    expect(expiresInMs).toBeGreaterThan(0);
    expect(expiresInMs).toBeLessThanOrEqual(3600 * 1000);
    expect(Number(new URL(lastLink()).searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(3600);

    const serialized = JSON.stringify(reply);
    expect(serialized).not.toContain(lastLink());
    for (const secret of env.stack.emulator.issuedSecrets()) if (secret.length >= 12) expect(serialized.includes(secret)).toBe(false);

    expect((await fetch(lastLink())).status).toBe(200);
    // Past the credentials' expiry the link is dead, whatever X-Amz-Expires says.
    moveStackClock(3600 + 5);
    const late = await fetch(lastLink());
    expect(late.status).toBe(400);
    expect(await late.text()).toContain('<Code>ExpiredToken</Code>');
  });

  it('refuses, with nothing on the clipboard, what a link could not be made for', async () => {
    const copiedBefore = clipboard.length;
    const share = (bucket: string, key: string) => handlers.copyShareLink([{ bucket, key, expiresInSeconds: 3600 }]);

    expect(await share(PRIVATE_BUCKET, `${env.home}no/such/file.txt`)).toMatchObject({ ok: false, error: { code: 'no_such_key' } });
    expect(await share(PRIVATE_BUCKET, 'us-east-1:00000000-0000-0000-0000-000000000000/secret.txt')).toMatchObject({
      ok: false,
      error: { code: 'access_denied' },
    });
    expect(await share(SHARED_BUCKET, `${SHARED_PREFIX}archive/2019-backup.tar`)).toMatchObject({ ok: false, error: { code: 'archived_object' } });
    expect(await share(SHARED_BUCKET, `${SHARED_PREFIX}archive/2018-backup.tar`)).toMatchObject({ ok: false, error: { code: 'archived_object' } });
    expect(await share(PRIVATE_BUCKET, `${env.home}photos/`)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(clipboard.length).toBe(copiedBefore);
  });
});
