import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { objectCount, objectEntries, type BucketEntry, type FolderEntry, type IpcResult, type ObjectEntry } from '../../../common/ipc';
import { BIG_PREFIX, PRIVATE_BUCKET, PRIVATE_LABEL, SHARED_BUCKET, SHARED_LABEL, SHARED_PREFIX } from '../../../devstack/seed';
import { startStack, type RunningStack } from '../../../devstack/stack';
import { createIpcHandlers, type IpcHandlers } from '../../../main/ipc/create-handlers';
import { createServices, type Services } from '../../../main/create-services';
import { MemorySecretStore } from '../../../main/session/memory-secret-store';

/**
 * The real services (backend client, session, credentials, S3 browser) and
 * the real IPC handlers against the real local stack, as an E2E harness
 * would wire them — only Electron and the OS keychain are left out.
 */
describe('main services against the local stack', () => {
  let dir: string;
  let stack: RunningStack;
  let services: Services;
  let handlers: IpcHandlers;
  const secrets = new MemorySecretStore();
  /** What a listing delivered: all entries, the size of each page, and whether it ended with 'done'. */
interface FolderPages {
  folders: FolderEntry[];
  objects: ObjectEntry[];
  pages: number[];
  done: boolean;
}

/** Everything that crossed (or would cross) to the renderer. */
  const seenByRenderer: unknown[] = [];
  /** Every refresh token that was in the keychain. */
  const refreshTokens = new Set<string>();
  /** Shifts the session's clock (not the stack's) to make its token look old. */
  let clockOffsetMs = 0;
  let refreshCalls = 0;
  const countingFetch: typeof fetch = (input, init) => {
    if (String(input).endsWith('/v1/auth/refresh')) refreshCalls += 1;
    return fetch(input, init);
  };

  async function call<T>(result: Promise<IpcResult<T>>): Promise<IpcResult<T>> {
    const value = await result;
    seenByRenderer.push(value);
    for (const entry of secrets.entries.values()) refreshTokens.add((JSON.parse(entry) as { refreshToken: string }).refreshToken);
    return value;
  }
  function ok<T>(result: IpcResult<T>): T {
    if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
    return result.value;
  }

  const signIn = (password = stack.info.demoUser.password) =>
    call(handlers.signIn([{ backendUrl: stack.info.backendUrl, username: stack.info.demoUser.username, password }]));
  let listingCount = 0;
  /** Opens a folder listing through the handlers and gathers its first `pages` pages (then cancels it), or its error. */
  async function listFolder(bucket: string, prefix: string, pages = Infinity): Promise<IpcResult<FolderPages>> {
    const listingId = `listing-${++listingCount}`;
    const gathered: FolderPages = { folders: [], objects: [], pages: [], done: false };
    let stop = () => {};
    const ended = new Promise<IpcResult<FolderPages>>((resolve) => {
      stop = services.events.onListingEvent((event) => {
        if (event.listingId !== listingId) return;
        seenByRenderer.push(event);
        if (event.kind === 'error') return resolve({ ok: false, error: event.error });
        if (event.kind === 'done') return resolve({ ok: true, value: { ...gathered, done: true } });
        gathered.folders.push(...event.folders);
        gathered.objects.push(...objectEntries(event.objects));
        gathered.pages.push(event.folders.length + objectCount(event.objects));
        if (gathered.pages.length >= pages) resolve({ ok: true, value: gathered });
      });
    });
    const opened = await call(handlers.openListing([{ bucket, prefix, listingId }]));
    const result = opened.ok ? await ended : opened;
    stop();
    await handlers.cancelListing([listingId]);
    return result as IpcResult<FolderPages>;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 's3desk-main-'));
    stack = await startStack({ stateDir: join(dir, 'stack'), backendPort: 0, awsPort: 0, log: () => {} });
    services = await createServices({
      secrets,
      settingsPath: join(dir, 'settings.json'),
      awsEndpoint: stack.info.awsEndpoint,
      clock: () => Date.now() + clockOffsetMs,
      backend: { fetch: countingFetch },
    });
    services.session.onStateChanged((state) => seenByRenderer.push(state));
    handlers = createIpcHandlers(services);
  });
  afterAll(async () => {
    services?.dispose();
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a wrong password → invalid_credentials', async () => {
    expect(await signIn('not the password')).toEqual({ ok: false, error: { code: 'invalid_credentials', message: 'The username or password is incorrect.' } });
  });

  it('listing before sign-in → not_signed_in', async () => {
    expect(await call(handlers.listBuckets([]))).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
  });

  it('signs in as the demo user and remembers the refresh secret', async () => {
    const state = ok(await signIn());
    expect(state).toMatchObject({
      status: 'signed-in',
      username: 'demo',
      backendOrigin: stack.info.backendUrl,
      identityId: stack.info.demoUser.identityId,
      region: stack.info.region,
      remembered: true,
      rememberError: null,
    });
    expect([...secrets.entries.keys()]).toEqual([`${stack.info.backendUrl}|demo`]);
  });

  it('lists both seeded buckets with their labels (ListBuckets is denied to the role, which is normal)', async () => {
    const buckets = ok(await call(handlers.listBuckets([])));
    expect(buckets).toEqual<BucketEntry[]>([
      { name: PRIVATE_BUCKET, prefix: `${stack.info.demoUser.identityId}/`, label: PRIVATE_LABEL, source: 'session' },
      { name: SHARED_BUCKET, prefix: SHARED_PREFIX, label: SHARED_LABEL, source: 'session' },
    ]);
  });

  it('lists the home prefix: welcome.txt and the documents/ and photos/ folders', async () => {
    const home = `${stack.info.demoUser.identityId}/`;
    const page = ok(await listFolder(PRIVATE_BUCKET, home));
    expect(page.folders).toEqual([
      { prefix: `${home}documents/`, name: 'documents' },
      { prefix: `${home}photos/`, name: 'photos' },
    ]);
    expect(page.objects.map((object) => object.name)).toEqual(['welcome.txt']);
    expect(page.objects[0]).toMatchObject({ key: `${home}welcome.txt`, size: Buffer.byteLength('Welcome to S3 Desk. This is your private home prefix.\n'), storageClass: 'STANDARD' });
    expect(new Date(page.objects[0]!.lastModified).toISOString()).toBe(page.objects[0]!.lastModified);
    expect(page).toMatchObject({ pages: [3], done: true });
  });

  it('leaves out the folder marker of the listed prefix itself', async () => {
    const photos = `${stack.info.demoUser.identityId}/photos/`;
    const page = ok(await listFolder(PRIVATE_BUCKET, photos));
    expect(page.objects.map((object) => object.key)).toEqual([`${photos}.keep`]);
    expect(page.folders).toEqual([]);
  });

  it('pages the 100k-key prefix: 1000 entries a page, in key order from one page to the next', async () => {
    const listed = ok(await listFolder(SHARED_BUCKET, BIG_PREFIX, 2));
    expect(listed.pages).toEqual([1000, 1000]);
    expect(listed.done).toBe(false);
    expect(listed.objects[1000]!.key > listed.objects[999]!.key).toBe(true);
  });

  it("listing another identity's prefix → access_denied", async () => {
    const result = await listFolder(PRIVATE_BUCKET, 'us-east-1:00000000-0000-0000-0000-000000000000/');
    expect(result).toEqual({
      ok: false,
      error: { code: 'access_denied', message: "You don't have permission to list s3://desk-private/us-east-1:00000000-0000-0000-0000-000000000000/." },
    });
  });

  it('a bucket that does not exist → no_such_bucket or access_denied, never a crash', async () => {
    const result = await listFolder('no-such-bucket-here', '');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(['no_such_bucket', 'access_denied']).toContain(result.error.code);
  });

  it('S3 dropping connections → network_error; S3 failing → internal_error naming the S3 code', async () => {
    const controls = stack.emulator.controls;
    try {
      controls.faults.add({ operation: 'ListObjectsV2', kind: 'drop' });
      expect(await listFolder(SHARED_BUCKET, SHARED_PREFIX)).toMatchObject({ ok: false, error: { code: 'network_error' } });
      controls.faults.clear();
      controls.faults.add({ operation: 'ListObjectsV2', kind: 'error' });
      const failed = await listFolder(SHARED_BUCKET, SHARED_PREFIX);
      expect(failed).toMatchObject({ ok: false, error: { code: 'internal_error', message: expect.stringMatching(/InternalError/) } });
    } finally {
      controls.faults.clear();
    }
  });

  it('at credential expiry, 25 concurrent S3 calls share one token refresh and one GetCredentialsForIdentity', async () => {
    // A new session gets a new S3 client with no cached credentials.
    ok(await call(handlers.signOut([])));
    ok(await signIn());
    const rememberedBefore = secrets.entries.get(`${stack.info.backendUrl}|demo`);
    stack.emulator.controls.resetStats();
    refreshCalls = 0;
    // The session's clock moves 14.5 minutes on: its 15-minute token now expires within the 60 s margin.
    clockOffsetMs = 14.5 * 60_000;
    try {
      const readme = { bucket: SHARED_BUCKET, key: `${SHARED_PREFIX}README.txt` };
      const replies = await Promise.all(Array.from({ length: 25 }, () => call(handlers.headObject([readme]))));
      for (const reply of replies) expect(ok(reply).key).toBe(readme.key);
    } finally {
      clockOffsetMs = 0;
    }
    expect(refreshCalls).toBe(1);
    expect(stack.emulator.controls.callCounts().GetCredentialsForIdentity).toBe(1);
    // The rotated refresh token replaced the old one in the keychain.
    expect(secrets.entries.get(`${stack.info.backendUrl}|demo`)).not.toBe(rememberedBefore);
  });

  it('signs out: the keychain entry is gone and listing is refused', async () => {
    const state = ok(await call(handlers.signOut([])));
    expect(state).toEqual({
      status: 'signed-out',
      lastBackendUrl: stack.info.backendUrl,
      lastUsername: 'demo',
      reason: null,
      accounts: [],
      keychain: { available: true },
    });
    expect(secrets.entries.size).toBe(0);
    expect(await call(handlers.listBuckets([]))).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
  });

  it('canary: no IPC result or state event holds any token or key the stack issued, nor a refresh token', () => {
    const issued = stack.emulator.issuedSecrets();
    expect(issued.length).toBeGreaterThan(0);
    expect(refreshTokens.size).toBeGreaterThan(0);
    expect(seenByRenderer.length).toBeGreaterThan(10);
    const text = JSON.stringify(seenByRenderer);
    for (const secret of [...issued, ...refreshTokens]) expect(text.includes(secret), 'a secret reached the renderer').toBe(false);
    expect(text).not.toContain(stack.info.demoUser.password);
  });
});
