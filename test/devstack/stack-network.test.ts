import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CognitoIdentityClient, GetCredentialsForIdentityCommand } from '@aws-sdk/client-cognito-identity';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { Session } from '../../backend/session';
import { NETWORK_PROFILES } from '../../devstack/network/network-profile';
import { startStack, type RunningStack } from '../../devstack/stack';

describe('a stack started with network: wan', () => {
  let stateDir: string;
  let stack: RunningStack;

  /** Signs the demo user in through the backend and returns an S3 client on its credentials, against `endpoint`. */
  async function s3At(endpoint: string): Promise<S3Client> {
    const login = await fetch(`${stack.info.backendUrl}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: stack.info.demoUser.username, password: stack.info.demoUser.password }),
    });
    const session = (await login.json()) as Session;
    const cognito = new CognitoIdentityClient({ region: session.region, endpoint, credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' } });
    const { Credentials } = await cognito.send(
      new GetCredentialsForIdentityCommand({ IdentityId: session.identityId, Logins: { 'cognito-identity.amazonaws.com': session.token } }),
    );
    cognito.destroy();
    return new S3Client({
      region: session.region,
      endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretKey!, sessionToken: Credentials!.SessionToken! },
    });
  }

  const listHome = (s3: S3Client) =>
    s3.send(new ListObjectsV2Command({ Bucket: stack.info.buckets[0]!.name, Prefix: stack.info.buckets[0]!.prefix, Delimiter: '/' }));

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 's3desk-stack-network-'));
    stack = await startStack({ stateDir, backendPort: 0, awsPort: 0, network: 'wan', log: () => {} });
  });
  afterAll(async () => {
    await stack?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('says in stack.json which network it shapes, and where the emulator itself is', () => {
    const info = JSON.parse(readFileSync(join(stateDir, 'stack.json'), 'utf8')) as RunningStack['info'];
    expect(info).toEqual(stack.info);
    const { wan } = NETWORK_PROFILES;
    expect(info.network).toEqual({
      profile: 'wan',
      latencyMs: wan.latencyMs,
      jitterMs: wan.jitterMs,
      connectionBytesPerSecond: wan.connectionBytesPerSecond,
      aggregateBytesPerSecond: null,
      directAwsEndpoint: stack.emulator.endpoint,
    });
    // Clients get the proxy's endpoint; the emulator hides behind it on another port.
    expect(info.awsEndpoint).toBe(stack.proxy!.endpoint);
    expect(info.awsEndpoint).not.toBe(info.network.directAwsEndpoint);
  });

  it('answers Cognito and S3 through the proxy, each call taking at least the round trip', async () => {
    const s3 = await s3At(stack.info.awsEndpoint);
    const first = await listHome(s3);
    expect(first.Contents?.map((o) => o.Key)).toContain(`${stack.info.buckets[0]!.prefix}welcome.txt`);
    const started = performance.now();
    await listHome(s3);
    const elapsed = performance.now() - started;
    // A lower bound only (less the jitter and a timer's whole millisecond): physics, true on a busy machine too.
    expect(elapsed).toBeGreaterThanOrEqual(NETWORK_PROFILES.wan.latencyMs - NETWORK_PROFILES.wan.jitterMs - 2);
    expect(stack.proxy!.connectionCount()).toBeGreaterThan(0);
    s3.destroy();
  });

  it('also answers on directAwsEndpoint, unshaped, for seeding bench data', async () => {
    const s3 = await s3At(stack.info.network.directAwsEndpoint);
    const listed = await listHome(s3);
    expect(listed.Contents?.map((o) => o.Key)).toContain(`${stack.info.buckets[0]!.prefix}welcome.txt`);
    s3.destroy();
  });
});
