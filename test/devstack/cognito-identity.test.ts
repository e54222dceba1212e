import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import {
  CognitoIdentityClient,
  DescribeIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetOpenIdTokenForDeveloperIdentityCommand,
  LookupDeveloperIdentityCommand,
  UnlinkDeveloperIdentityCommand,
} from '@aws-sdk/client-cognito-identity';
import { SignJWT, decodeJwt, generateKeyPair } from 'jose';
import { PROVIDER, REGION, startEmulatorFixture, type EmulatorFixture } from './emulator-fixture';
import { rejectionOf as rejection } from './rejection';

const COGNITO_LOGIN = 'cognito-identity.amazonaws.com';


describe('Cognito Identity: developer authenticated identities', () => {
  let fx: EmulatorFixture;
  beforeAll(async () => {
    fx = await startEmulatorFixture();
  });
  afterAll(() => fx.close());

  const getToken = (userId: string, extra: Partial<{ IdentityId: string; TokenDuration: number; IdentityPoolId: string; Logins: Record<string, string> }> = {}) =>
    fx.developer.send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: fx.poolId, Logins: { [PROVIDER]: userId }, ...extra }));

  const getCredentials = (IdentityId: string, Logins: Record<string, string> | undefined) =>
    fx.anonymous.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins }));

  describe('GetOpenIdTokenForDeveloperIdentity', () => {
    it('maps the same developer user to the same IdentityId, in the region of the pool', async () => {
      const user = randomUUID();
      const first = await getToken(user);
      const second = await getToken(user);
      expect(first.IdentityId).toMatch(new RegExp(`^${REGION}:[0-9a-f-]{36}$`));
      expect(second.IdentityId).toBe(first.IdentityId);
      expect((await getToken(randomUUID())).IdentityId).not.toBe(first.IdentityId);
    });

    it('issues a signed JWT shaped like Cognito’s, lasting TokenDuration (default 900 s)', async () => {
      const { IdentityId, Token } = await getToken(randomUUID());
      const claims = decodeJwt(Token!);
      expect(claims).toMatchObject({ iss: 'https://cognito-identity.amazonaws.com', aud: fx.poolId, sub: IdentityId });
      expect(claims.amr).toEqual(expect.arrayContaining(['authenticated', PROVIDER]));
      expect(claims.exp! - claims.iat!).toBe(900);
      const long = decodeJwt((await getToken(randomUUID(), { TokenDuration: 86400 })).Token!);
      expect(long.exp! - long.iat!).toBe(86400);
    });

    it('accepts the IdentityId that the user already maps to, and rejects another one', async () => {
      const user = randomUUID();
      const { IdentityId } = await getToken(user);
      expect((await getToken(user, { IdentityId })).IdentityId).toBe(IdentityId);
      const other = (await getToken(randomUUID())).IdentityId!;
      expect((await rejection(getToken(user, { IdentityId: other }))).name).toBe('ResourceConflictException');
      expect((await rejection(getToken(randomUUID(), { IdentityId: `${REGION}:${randomUUID()}` }))).name).toBe('ResourceNotFoundException');
    });

    it('rejects a TokenDuration outside 1–86400 seconds', async () => {
      expect((await rejection(getToken(randomUUID(), { TokenDuration: 0 }))).name).toBe('InvalidParameterException');
      expect((await rejection(getToken(randomUUID(), { TokenDuration: 86401 }))).name).toBe('InvalidParameterException');
    });

    it('rejects a login for another developer provider, or more than one login', async () => {
      expect((await rejection(getToken('u', { Logins: { 'login.other.example': 'u' } }))).name).toBe('NotAuthorizedException');
      expect((await rejection(getToken('u', { Logins: { [PROVIDER]: 'u', 'login.other.example': 'u' } }))).name).toBe('InvalidParameterException');
    });

    it('rejects an unknown identity pool', async () => {
      const error = await rejection(getToken('u', { IdentityPoolId: `${REGION}:${randomUUID()}` }));
      expect(error.name).toBe('ResourceNotFoundException');
    });

    it('requires SigV4 from the backend’s IAM key', async () => {
      const unsigned = await fetch(fx.emulator.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityService.GetOpenIdTokenForDeveloperIdentity' },
        body: JSON.stringify({ IdentityPoolId: fx.poolId, Logins: { [PROVIDER]: 'u' } }),
      });
      expect(unsigned.status).toBe(400);
      expect(await unsigned.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });

      const wrongSecret = new CognitoIdentityClient({
        region: REGION,
        endpoint: fx.emulator.endpoint,
        credentials: { accessKeyId: fx.developerKey.accessKeyId, secretAccessKey: 'not-the-secret' },
      });
      const unknownKey = new CognitoIdentityClient({
        region: REGION,
        endpoint: fx.emulator.endpoint,
        credentials: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: fx.developerKey.secretAccessKey },
      });
      const command = new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: fx.poolId, Logins: { [PROVIDER]: 'u' } });
      expect((await rejection(wrongSecret.send(command))).name).toBe('InvalidSignatureException');
      expect((await rejection(unknownKey.send(command))).name).toBe('UnrecognizedClientException');
    });
  });

  describe('GetCredentialsForIdentity', () => {
    it('returns fresh, unique temporary credentials with an expiry for a valid token', async () => {
      const { IdentityId, Token } = await getToken(randomUUID());
      const a = await getCredentials(IdentityId!, { [COGNITO_LOGIN]: Token! });
      const b = await getCredentials(IdentityId!, { [COGNITO_LOGIN]: Token! });
      expect(a.IdentityId).toBe(IdentityId);
      expect(a.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
      expect(a.Credentials?.SecretKey).toBeTruthy();
      expect(a.Credentials?.SessionToken).toBeTruthy();
      expect(a.Credentials?.AccessKeyId).not.toBe(b.Credentials?.AccessKeyId);
      expect(a.Credentials?.SecretKey).not.toBe(b.Credentials?.SecretKey);
      const lifetime = a.Credentials!.Expiration!.getTime() - Date.now();
      expect(lifetime).toBeGreaterThan(3500_000);
      expect(lifetime).toBeLessThanOrEqual(3600_000);
    });

    it('rejects a token signed with another key (forged)', async () => {
      const { IdentityId } = await getToken(randomUUID());
      const { privateKey } = await generateKeyPair('RS256');
      const forged = await new SignJWT({ amr: ['authenticated', PROVIDER] })
        .setProtectedHeader({ alg: 'RS256' })
        .setIssuer('https://cognito-identity.amazonaws.com')
        .setAudience(fx.poolId)
        .setSubject(IdentityId!)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
      expect((await rejection(getCredentials(IdentityId!, { [COGNITO_LOGIN]: forged }))).name).toBe('NotAuthorizedException');
    });

    it('rejects a token whose claims were altered after signing', async () => {
      const mine = await getToken(randomUUID());
      const theirs = await getToken(randomUUID());
      const [header, payload, signature] = mine.Token!.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
      const altered = [header, Buffer.from(JSON.stringify({ ...claims, sub: theirs.IdentityId })).toString('base64url'), signature].join('.');
      expect((await rejection(getCredentials(theirs.IdentityId!, { [COGNITO_LOGIN]: altered }))).name).toBe('NotAuthorizedException');
    });

    it('rejects a token issued for another identity', async () => {
      const mine = await getToken(randomUUID());
      const theirs = await getToken(randomUUID());
      const error = await rejection(getCredentials(theirs.IdentityId!, { [COGNITO_LOGIN]: mine.Token! }));
      expect(error.name).toBe('NotAuthorizedException');
    });

    it('rejects an expired token', async () => {
      const { IdentityId, Token } = await getToken(randomUUID(), { TokenDuration: 60 });
      fx.emulator.controls.clock.setOffsetSeconds(61);
      try {
        const error = await rejection(getCredentials(IdentityId!, { [COGNITO_LOGIN]: Token! }));
        expect(error.name).toBe('NotAuthorizedException');
        expect(error.message).toMatch(/expired/i);
      } finally {
        fx.emulator.controls.clock.setOffsetSeconds(0);
      }
    });

    it('rejects the token under any Logins key but cognito-identity.amazonaws.com, and no Logins at all', async () => {
      const { IdentityId, Token } = await getToken(randomUUID());
      expect((await rejection(getCredentials(IdentityId!, { [PROVIDER]: Token! }))).name).toBe('NotAuthorizedException');
      expect((await rejection(getCredentials(IdentityId!, undefined))).name).toBe('NotAuthorizedException');
    });

    it('rejects an unknown IdentityId', async () => {
      const { Token } = await getToken(randomUUID());
      expect((await rejection(getCredentials(`${REGION}:${randomUUID()}`, { [COGNITO_LOGIN]: Token! }))).name).toBe('ResourceNotFoundException');
    });

    it('answers TooManyRequestsException when throttling is injected', async () => {
      const { IdentityId, Token } = await getToken(randomUUID());
      const noRetry = new CognitoIdentityClient({ region: REGION, endpoint: fx.emulator.endpoint, maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
      fx.emulator.controls.faults.add({ operation: 'GetCredentialsForIdentity', kind: 'throttle', count: 1 });
      const error = await rejection(noRetry.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: { [COGNITO_LOGIN]: Token! } })));
      expect(error.name).toBe('TooManyRequestsException');
      await expect(noRetry.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: { [COGNITO_LOGIN]: Token! } }))).resolves.toBeDefined();
    });
  });

  describe('LookupDeveloperIdentity, UnlinkDeveloperIdentity and DescribeIdentityPool', () => {
    it('looks an identity up by developer user and by IdentityId', async () => {
      const user = randomUUID();
      const { IdentityId } = await getToken(user);
      const byUser = await fx.developer.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: fx.poolId, DeveloperUserIdentifier: user }));
      expect(byUser).toMatchObject({ IdentityId, DeveloperUserIdentifierList: [user] });
      const byId = await fx.developer.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: fx.poolId, IdentityId }));
      expect(byId.DeveloperUserIdentifierList).toEqual([user]);
    });

    it('unlinks a developer user: old tokens stop working and the next login gets a new identity', async () => {
      const user = randomUUID();
      const { IdentityId, Token } = await getToken(user);
      await fx.developer.send(
        new UnlinkDeveloperIdentityCommand({ IdentityId, IdentityPoolId: fx.poolId, DeveloperProviderName: PROVIDER, DeveloperUserIdentifier: user }),
      );
      expect((await rejection(getCredentials(IdentityId!, { [COGNITO_LOGIN]: Token! }))).name).toBe('NotAuthorizedException');
      expect((await getToken(user)).IdentityId).not.toBe(IdentityId);
    });

    it('describes the pool with its developer provider', async () => {
      const pool = await fx.developer.send(new DescribeIdentityPoolCommand({ IdentityPoolId: fx.poolId }));
      expect(pool).toMatchObject({ IdentityPoolId: fx.poolId, DeveloperProviderName: PROVIDER, AllowUnauthenticatedIdentities: false });
    });
  });
});
