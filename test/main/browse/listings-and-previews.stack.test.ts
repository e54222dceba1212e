import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { objectEntries, type ListingEvent, type PreviewDescriptor } from '../../../common/ipc';
import { gradientPng } from '../../../devstack/sample-png';
import { BIG_PREFIX, BIG_PREFIX_KEYS, PRIVATE_BUCKET, SHARED_BUCKET, SHARED_PREFIX } from '../../../devstack/seed';
import { startStack, type RunningStack } from '../../../devstack/stack';
import { createServices, type Services } from '../../../main/create-services';
import { MemorySecretStore } from '../../../main/session/memory-secret-store';
import { listRecursive } from '../../../main/browse/list-recursive';
import { compareKeys } from '../../../main/browse/range-listing/key-order';

const PREVIEW_BASE = 's3desk-preview://preview/';
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Streamed listings and previews through the real services, against the real local stack. */
describe('streamed listings and previews against the local stack', () => {
  let dir: string;
  let stack: RunningStack;
  let services: Services;
  const events: ListingEvent[] = [];
  const eventsOf = (listingId: string) => events.filter((event) => event.listingId === listingId);

  async function until(check: () => boolean, timeoutMs = 90_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > end) throw new Error('timed out waiting for listing events');
      await settle(10);
    }
  }

  const signIn = () => services.session.signIn(stack.info.backendUrl, stack.info.demoUser.username, stack.info.demoUser.password);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 's3desk-listings-'));
    stack = await startStack({ stateDir: join(dir, 'stack'), backendPort: 0, awsPort: 0, log: () => {} });
    services = await createServices({ secrets: new MemorySecretStore(), settingsPath: join(dir, 'settings.json'), awsEndpoint: stack.info.awsEndpoint, previewBaseUrl: PREVIEW_BASE, pageOrigin: 'app://s3desk' });
    services.listings.onEvent((event) => events.push(event));
    await signIn();
  });
  afterAll(async () => {
    services?.dispose();
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('listings', () => {
    it('lists a whole tree for folder summaries, downloads and deletes in parallel ranges: every key once, in key order', async () => {
    const keys: string[] = [];
    for await (const object of listRecursive(services.clients.client().s3, SHARED_BUCKET, BIG_PREFIX)) keys.push(object.key);
    expect(keys).toHaveLength(BIG_PREFIX_KEYS);
    expect(new Set(keys).size).toBe(BIG_PREFIX_KEYS);
    expect(keys.every((key, index) => index === 0 || compareKeys(keys[index - 1]!, key) < 0)).toBe(true);
  });

  it('streams the 100,000-key folder page by page, in key order, then says done exactly once', async () => {
      services.listings.start({ bucket: SHARED_BUCKET, prefix: BIG_PREFIX, listingId: 'big' });
      // A hundred pages through the stack: on a busy machine that takes far longer than 20 s.
      await until(() => eventsOf('big').some((event) => event.kind !== 'page'), 180_000);
      const mine = eventsOf('big');
      const pages = mine.filter((event): event is Extract<ListingEvent, { kind: 'page' }> => event.kind === 'page');
      expect(pages.length).toBe(BIG_PREFIX_KEYS / 1000);
      expect(pages[0]!.objects.names).toHaveLength(1000);
      const keys = pages.flatMap((page) => objectEntries(page.objects).map((object) => object.key));
      expect(keys).toHaveLength(BIG_PREFIX_KEYS);
      expect(new Set(keys).size).toBe(BIG_PREFIX_KEYS);
      expect(keys.every((key, i) => i === 0 || keys[i - 1]! < key)).toBe(true);
      expect(mine.at(-1)).toEqual({ listingId: 'big', kind: 'done', folderCount: 0, objectCount: BIG_PREFIX_KEYS });
    }, 200_000);

    it('folders come with their display names, and the folder marker is not an entry', async () => {
      services.listings.start({ bucket: SHARED_BUCKET, prefix: SHARED_PREFIX, listingId: 'library' });
      await until(() => eventsOf('library').some((event) => event.kind === 'done'));
      const page = eventsOf('library')[0] as Extract<ListingEvent, { kind: 'page' }>;
      expect(page.folders.map((folder) => folder.name)).toEqual(expect.arrayContaining(['archive', 'big-folder', 'images', 'reports']));
      expect(objectEntries(page.objects).map((object) => object.name)).toContain('README.txt');
    });

    it('cancelling (navigating away) stops the listing: no more pages and no "done"', async () => {
      services.listings.start({ bucket: SHARED_BUCKET, prefix: BIG_PREFIX, listingId: 'left' });
      await until(() => eventsOf('left').length > 0);
      services.listings.cancel('left');
      const seen = eventsOf('left').length;
      await settle(400);
      expect(eventsOf('left').length).toBe(seen);
      expect(eventsOf('left').every((event) => event.kind === 'page')).toBe(true);
      expect(seen).toBeLessThan(BIG_PREFIX_KEYS / 1000);
    });

    it('a folder outside the policy ends in one error event, in plain words', async () => {
      services.listings.start({ bucket: PRIVATE_BUCKET, prefix: '', listingId: 'denied' });
      await until(() => eventsOf('denied').length > 0);
      expect(eventsOf('denied')).toEqual([
        { listingId: 'denied', kind: 'error', error: { code: 'access_denied', message: `You don't have permission to list s3://${PRIVATE_BUCKET}/.` } },
      ]);
    });

    it('refuses a listing id already in use', async () => {
      services.listings.start({ bucket: SHARED_BUCKET, prefix: BIG_PREFIX, listingId: 'twice' });
      expect(() => services.listings.start({ bucket: SHARED_BUCKET, prefix: BIG_PREFIX, listingId: 'twice' })).toThrow(/already in use/);
      services.listings.cancel('twice');
    });

    it('opening more listings than allowed at once cancels the oldest', async () => {
      for (const id of ['a1', 'a2', 'a3', 'a4', 'a5']) services.listings.start({ bucket: SHARED_BUCKET, prefix: BIG_PREFIX, listingId: id });
      await until(() => ['a2', 'a3', 'a4', 'a5'].every((id) => eventsOf(id).length >= 2));
      const a1Seen = eventsOf('a1').length;
      await settle(300);
      expect(eventsOf('a1').length).toBe(a1Seen);
      expect(eventsOf('a1').some((event) => event.kind === 'done')).toBe(false);
      for (const id of ['a2', 'a3', 'a4', 'a5']) services.listings.cancel(id);
    });
  });

  describe('previews', () => {
    const open = async (bucket: string, key: string) => services.previews.open({ bucket, key });
    const fetchPreview = (descriptor: PreviewDescriptor) => {
      if (descriptor.kind === 'unavailable') throw new Error(descriptor.reason);
      return services.previews.handle(new Request(descriptor.url));
    };

    it('an image: an s3desk-preview address with nothing but a random handle, streaming the exact bytes', async () => {
      const descriptor = await open(SHARED_BUCKET, `${SHARED_PREFIX}images/gradient.png`);
      expect(descriptor).toMatchObject({ kind: 'image', contentType: 'image/png', size: gradientPng().length });
      if (descriptor.kind !== 'image') return;
      expect(descriptor.url).toMatch(/^s3desk-preview:\/\/preview\/[0-9a-f-]{36}$/);
      const response = await fetchPreview(descriptor);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(Buffer.from(await response.arrayBuffer()).equals(gradientPng())).toBe(true);
    });

    it('a large text file: only the first 256 KB are fetched and served, and the descriptor says so', async () => {
      const descriptor = await open(SHARED_BUCKET, `${SHARED_PREFIX}logs/server.log`);
      expect(descriptor).toMatchObject({ kind: 'text', format: 'plain', truncated: true, previewBytes: 256 * 1024 });
      const body = await (await fetchPreview(descriptor)).text();
      expect(Buffer.byteLength(body)).toBe(256 * 1024);
      expect(body.startsWith('2026-01-01T00:00:00.000Z GET')).toBe(true);
    });

    it("lets the app's own page, and only it, read a preview across origins (fetch from app://s3desk)", async () => {
      const response = await fetchPreview(await open(SHARED_BUCKET, `${SHARED_PREFIX}README.txt`));
      expect(response.headers.get('access-control-allow-origin')).toBe('app://s3desk');
      expect(response.headers.get('vary')).toBe('Origin');
    });

    it('JSON and CSV are text previews with their format, whole when small', async () => {
      expect(await open(SHARED_BUCKET, `${SHARED_PREFIX}reports/2026/summary.json`)).toMatchObject({ kind: 'text', format: 'json', truncated: false });
      const csv = await open(SHARED_BUCKET, `${SHARED_PREFIX}reports/2026/q1.csv`);
      expect(csv).toMatchObject({ kind: 'text', format: 'csv', truncated: false });
      expect(await (await fetchPreview(csv)).text()).toContain('emea,1200000,0.08');
    });

    it('an object claiming to be HTML is served as plain text in a sandbox, never as a document', async () => {
      const key = `${services.session.activeSession()!.identityId}/page.html`;
      await services.clients.client().s3.send(new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: key, Body: '<script>alert(1)</script>', ContentType: 'text/html' }));
      const response = await fetchPreview(await open(PRIVATE_BUCKET, key));
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toContain('sandbox');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('archived objects and binaries get a reason instead of a preview', async () => {
      expect(await open(SHARED_BUCKET, `${SHARED_PREFIX}archive/2019-backup.tar`)).toEqual({
        kind: 'unavailable',
        reason: 'This object is in GLACIER archive storage; restore it before it can be previewed or downloaded.',
      });
    });

    it('unknown handles and addresses outside the scheme answer 404', async () => {
      expect((await services.previews.handle(new Request(`${PREVIEW_BASE}00000000-0000-0000-0000-000000000000`))).status).toBe(404);
      expect((await services.previews.handle(new Request(`${PREVIEW_BASE}../../etc/passwd`))).status).toBe(404);
    });

    it('a missing object → no_such_key; a denied one → access_denied', async () => {
      await expect(open(SHARED_BUCKET, `${SHARED_PREFIX}nothing-here.txt`)).rejects.toMatchObject({ code: 'no_such_key' });
      await expect(open(PRIVATE_BUCKET, 'someone-else/secret.txt')).rejects.toMatchObject({ code: 'access_denied' });
    });

    it('after sign-out, earlier preview addresses stop working', async () => {
      const descriptor = await open(SHARED_BUCKET, `${SHARED_PREFIX}README.txt`);
      await services.session.signOut();
      expect((await fetchPreview(descriptor)).status).toBe(404);
      await signIn();
    });
  });
});
