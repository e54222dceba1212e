import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityClient, GetCredentialsForIdentityCommand } from '@aws-sdk/client-cognito-identity';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import type { Session } from '../../backend/session';
import { startStack, type RunningStack } from '../../devstack/stack';
import { AWKWARD_KEYS, BIG_PREFIX, BIG_PREFIX_KEYS, SHARED_BUCKET, SHARED_PREFIX, bigPrefixKey } from '../../devstack/seed';


describe('npm run stack: emulator + reference backend, seeded', () => {
  let stateDir: string;
  let stack: RunningStack;

  const post = (path: string, body: unknown) =>
    fetch(`${stack.info.backendUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const login = async (password = stack.info.demoUser.password) => post('/v1/auth/login', { username: stack.info.demoUser.username, password });

  async function s3For(session: Session): Promise<S3Client> {
    const cognito = new CognitoIdentityClient({ region: session.region, endpoint: stack.info.awsEndpoint, credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' } });
    const { Credentials } = await cognito.send(
      new GetCredentialsForIdentityCommand({ IdentityId: session.identityId, Logins: { 'cognito-identity.amazonaws.com': session.token } }),
    );
    return new S3Client({
      region: session.region,
      endpoint: stack.info.awsEndpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretKey!, sessionToken: Credentials!.SessionToken!, expiration: Credentials!.Expiration },
    });
  }

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 's3desk-stack-'));
    stack = await startStack({ stateDir, backendPort: 0, awsPort: 0, log: () => {} });
  });
  afterAll(async () => {
    await stack?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('writes stack.json with everything a client needs', () => {
    const info = JSON.parse(readFileSync(join(stateDir, 'stack.json'), 'utf8')) as RunningStack['info'];
    expect(info).toEqual(stack.info);
    expect(info.backendUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.awsEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.identityPoolId.startsWith(`${info.region}:`)).toBe(true);
    expect(info.demoUser.password.length).toBeGreaterThanOrEqual(16);
    expect(info.buckets).toEqual([
      { name: 'desk-private', prefix: `${info.demoUser.identityId}/`, label: 'My files' },
      { name: SHARED_BUCKET, prefix: SHARED_PREFIX, label: 'Team library' },
    ]);
    // The default network is loopback: no proxy, clients talk to the emulator itself.
    expect(info.network).toEqual({
      profile: 'loopback',
      latencyMs: 0,
      jitterMs: 0,
      connectionBytesPerSecond: null,
      aggregateBytesPerSecond: null,
      directAwsEndpoint: info.awsEndpoint,
    });
    expect(stack.proxy).toBeNull();
  });

  it('signs the demo user in, and the session opens the home prefix and the shared library', async () => {
    const response = await login();
    expect(response.status).toBe(200);
    const session = (await response.json()) as Session;
    expect(session.identityId).toBe(stack.info.demoUser.identityId);
    expect(session.buckets).toEqual(stack.info.buckets);
    const s3 = await s3For(session);
    const home = session.buckets[0]!;
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: home.name, Prefix: home.prefix, Delimiter: '/' }));
    expect(listed.Contents?.map((o) => o.Key)).toContain(`${home.prefix}welcome.txt`);
    expect(listed.CommonPrefixes?.map((p) => p.Prefix)).toEqual([`${home.prefix}documents/`, `${home.prefix}photos/`]);

    await s3.send(new PutObjectCommand({ Bucket: home.name, Key: `${home.prefix}uploaded.txt`, Body: 'mine' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: home.name, Key: `${home.prefix}uploaded.txt` }));
    expect(await got.Body!.transformToString()).toBe('mine');

    const shared = await s3.send(new ListObjectsV2Command({ Bucket: SHARED_BUCKET, Prefix: `${SHARED_PREFIX}odd names/` }));
    expect(shared.Contents?.map((o) => o.Key!.slice(`${SHARED_PREFIX}odd names/`.length)).sort()).toEqual(
      AWKWARD_KEYS.map((k) => k.slice('odd names/'.length)).sort(),
    );
  });

  it('pages through the 100,000-key prefix 1,000 keys at a time', async () => {
    const session = (await (await login()).json()) as Session;
    const s3 = await s3For(session);
    let count = 0;
    let pages = 0;
    let last = '';
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 1000 }, { Bucket: SHARED_BUCKET, Prefix: BIG_PREFIX, Delimiter: '/' })) {
      pages++;
      for (const object of page.Contents ?? []) {
        expect(object.Key! > last).toBe(true);
        last = object.Key!;
        count++;
      }
    }
    expect(count).toBe(BIG_PREFIX_KEYS);
    expect(pages).toBe(100);
    expect(last).toBe(bigPrefixKey(BIG_PREFIX_KEYS - 1));
    // A hundred round trips to the emulator: sized for a busy machine, not the default 30 s.
  }, 180_000);

  it('rejects a wrong password with the same answer as an unknown user', async () => {
    const wrong = await login('not the password');
    const unknown = await post('/v1/auth/login', { username: 'nobody', password: 'whatever' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('rotates refresh tokens through real Cognito calls, and revokes the family on re-use', async () => {
    const first = (await (await login()).json()) as Session;
    const refreshed = await post('/v1/auth/refresh', { refreshToken: first.refreshToken });
    expect(refreshed.status).toBe(200);
    const second = (await refreshed.json()) as Session;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.identityId).toBe(first.identityId);
    expect(second.token).not.toBe(first.token);
    await expect(s3For(second)).resolves.toBeDefined();

    // Presented again at once, the first token is a retry of a lost answer: the same successor (the grace window).
    const retried = await post('/v1/auth/refresh', { refreshToken: first.refreshToken });
    expect(retried.status).toBe(200);
    expect(((await retried.json()) as Session).refreshToken).toBe(second.refreshToken);

    // Once the successor has been used, the first token again is re-use: the whole family is revoked.
    const third = (await (await post('/v1/auth/refresh', { refreshToken: second.refreshToken })).json()) as Session;
    const reused = await post('/v1/auth/refresh', { refreshToken: first.refreshToken });
    expect(reused.status).toBe(401);
    expect(((await reused.json()) as { error: { code: string } }).error.code).toBe('refresh_token_reused');
    const afterRevocation = await post('/v1/auth/refresh', { refreshToken: third.refreshToken });
    expect(afterRevocation.status).toBe(401);
  });

  it('keeps its pool, users, identities and objects across a restart', async () => {
    const before = stack.info;
    await stack.close();
    expect(existsSync(join(stateDir, 'stack.json'))).toBe(false);
    stack = await startStack({ stateDir, backendPort: 0, awsPort: 0, log: () => {} });
    expect(stack.info.identityPoolId).toBe(before.identityPoolId);
    expect(stack.info.demoUser).toEqual(before.demoUser);
    const session = (await (await login()).json()) as Session;
    const s3 = await s3For(session);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'desk-private', Key: `${session.identityId}/uploaded.txt` }));
    expect(await got.Body!.transformToString()).toBe('mine');
  });

  it('starts clean with fresh: true', async () => {
    const before = stack.info;
    await stack.close();
    stack = await startStack({ stateDir, fresh: true, backendPort: 0, awsPort: 0, log: () => {} });
    expect(stack.info.identityPoolId).not.toBe(before.identityPoolId);
    expect(stack.info.demoUser.password).not.toBe(before.demoUser.password);
  });

  it('rate-limits repeated failed logins with 429 and Retry-After', async () => {
    let response: Response | undefined;
    for (let attempt = 0; attempt < 10; attempt++) {
      response = await login('wrong password');
      if (response.status === 429) break;
    }
    expect(response!.status).toBe(429);
    expect(Number(response!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await response!.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });
});
