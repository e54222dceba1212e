import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cognitoCredentials, mapCognitoError, regionFor, type CognitoCredentials } from '../../../main/aws/cognito-credentials';
import { ServiceError } from '../../../main/shared/errors';

const IDENTITY_ID = 'us-east-1:0f3c5d1e-1111-2222-3333-444455556666';
const TARGET = 'AWSCognitoIdentityService.GetCredentialsForIdentity';

const awsError = (name: string, message = 'FAKE SDK MESSAGE with request details') => Object.assign(new Error(message), { name });

describe('mapCognitoError', () => {
  it.each(['ResourceNotFoundException', 'InvalidParameterException'])('%s → identity_misconfigured, for an administrator to check pool and region', (name) => {
    const mapped = mapCognitoError(awsError(name), 'eu-west-1');
    expect(mapped).toBeInstanceOf(ServiceError);
    expect(mapped.code).toBe('identity_misconfigured');
    expect(mapped.message).toContain('administrator');
    expect(mapped.message).toContain('eu-west-1');
    expect(mapped.message).toContain(name);
    expect(mapped.message).toMatch(/identity pool/);
  });

  it("InvalidIdentityPoolConfigurationException → identity_misconfigured, for an administrator to check the pool's IAM role", () => {
    const mapped = mapCognitoError(awsError('InvalidIdentityPoolConfigurationException'), 'us-east-1');
    expect(mapped.code).toBe('identity_misconfigured');
    expect(mapped.message).toContain('administrator');
    expect(mapped.message).toMatch(/IAM role/);
  });

  it.each(['TooManyRequestsException', 'LimitExceededException', 'InternalErrorException', 'ThrottlingException'])(
    '%s → identity_service_error (passing), retry suggested after 5 s',
    (name) => {
      const mapped = mapCognitoError(awsError(name), 'us-east-1');
      expect(mapped.code).toBe('identity_service_error');
      expect(mapped.retryAfterSeconds).toBe(5);
      expect(mapped.message).toContain(name);
    },
  );

  it('a network failure (code ECONNREFUSED) → network_error', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const mapped = mapCognitoError(refused, 'us-east-1');
    expect(mapped.code).toBe('network_error');
    expect(mapped.message).toMatch(/Could not reach Amazon Cognito/);
  });

  it('passes a ServiceError through unchanged (it already speaks the contract)', () => {
    const own = new ServiceError('session_expired', 'FAKE: sign in again.');
    expect(mapCognitoError(own, 'us-east-1')).toBe(own);
  });

  it("anything else → identity_service_error naming the error code but never repeating the SDK's message", () => {
    const mapped = mapCognitoError(awsError('SomethingNewException', 'FAKE SDK MESSAGE echoing Logins FAKE-OPENID-TOKEN'), 'us-east-1');
    expect(mapped.code).toBe('identity_service_error');
    expect(mapped.message).toContain('SomethingNewException');
    expect(mapped.message).not.toContain('FAKE SDK MESSAGE');
    expect(mapped.message).not.toContain('FAKE-OPENID-TOKEN');
  });

  it('a name that does not look like an error code is not repeated either', () => {
    for (const error of [awsError('not a code <b>FAKE-DETAIL</b>'), 'FAKE-DETAIL string thrown', null]) {
      const mapped = mapCognitoError(error, 'us-east-1');
      expect(mapped.code).toBe('identity_service_error');
      expect(mapped.message).toContain('(unknown error)');
      expect(mapped.message).not.toContain('FAKE-DETAIL');
    }
  });
});

describe('regionFor', () => {
  it('uses the session region when there is one', () => {
    expect(regionFor(IDENTITY_ID, 'eu-central-1')).toBe('eu-central-1');
  });

  it("otherwise takes the IdentityId's region part", () => {
    expect(regionFor('ap-southeast-2:0f3c5d1e-1111-2222-3333-444455556666')).toBe('ap-southeast-2');
    expect(regionFor('ap-southeast-2:0f3c5d1e-1111-2222-3333-444455556666', '')).toBe('ap-southeast-2');
  });

  it('throws when neither names a region', () => {
    expect(() => regionFor('0f3c5d1e-1111-2222-3333-444455556666')).toThrow(/no region part/);
    expect(() => regionFor(':0f3c5d1e-1111-2222-3333-444455556666')).toThrow(/no region part/);
  });
});

interface CognitoRequest {
  target: string | undefined;
  contentType: string | undefined;
  body: { IdentityId?: string; Logins?: Record<string, string> };
}

interface CognitoReply {
  status: number;
  body: unknown;
  date?: Date;
}

describe('cognitoCredentials(...).fetch() against an emulated Cognito Identity endpoint', () => {
  // Cognito Identity's JSON 1.1 GetCredentialsForIdentity on a free loopback port, answering from a queue.
  let server: Server;
  let endpoint: string;
  const requests: CognitoRequest[] = [];
  const replies: CognitoReply[] = [];
  let credentials: CognitoCredentials | null = null;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const headers: IncomingHttpHeaders = request.headers;
        requests.push({
          target: headers['x-amz-target'] as string | undefined,
          contentType: headers['content-type'],
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as CognitoRequest['body'],
        });
        const reply = replies.shift() ?? { status: 500, body: { __type: 'InternalErrorException', message: 'FAKE: no reply queued' } };
        response.writeHead(reply.status, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': 'FAKE-REQUEST-ID',
          ...(reply.date ? { date: reply.date.toUTCString() } : {}),
        });
        response.end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  beforeEach(() => {
    requests.length = 0;
    replies.length = 0;
  });

  afterEach(() => {
    credentials?.destroy();
    credentials = null;
  });

  /** A fresh OpenID token per invalidation: FAKE-OPENID-TOKEN-1, then -2, … */
  function start() {
    let generation = 1;
    const freshToken = vi.fn(async () => `FAKE-OPENID-TOKEN-${generation}`);
    const invalidateToken = vi.fn((token: string) => {
      if (token === `FAKE-OPENID-TOKEN-${generation}`) generation += 1;
    });
    credentials = cognitoCredentials({ identityId: IDENTITY_ID, region: 'us-east-1', endpoint, freshToken, invalidateToken });
    return { credentials, freshToken, invalidateToken };
  }

  // Whole seconds, as an HTTP Date header carries them; 15 minutes ahead of this computer to show whose clock is reported.
  const serverNow = () => new Date(Math.floor((Date.now() + 15 * 60_000) / 1000) * 1000);
  const issued = (n: number, date: Date): CognitoReply => ({
    status: 200,
    date,
    body: {
      IdentityId: IDENTITY_ID,
      Credentials: {
        AccessKeyId: `AKIA-TEST-${n}`,
        SecretKey: `FAKE-SECRET-${n}`,
        SessionToken: `FAKE-SESSION-TOKEN-${n}`,
        Expiration: date.getTime() / 1000 + 3600,
      },
    },
  });
  const rejected = (type: string, message: string): CognitoReply => ({ status: 400, body: { __type: type, message } });

  it('sends GetCredentialsForIdentity with the token under Logins["cognito-identity.amazonaws.com"] and returns the credentials', async () => {
    const date = serverNow();
    replies.push(issued(1, date));
    const { credentials, invalidateToken } = start();

    const result = await credentials.fetch();

    expect(requests).toHaveLength(1);
    expect(requests[0]).toEqual({
      target: TARGET,
      contentType: 'application/x-amz-json-1.1',
      body: { IdentityId: IDENTITY_ID, Logins: { 'cognito-identity.amazonaws.com': 'FAKE-OPENID-TOKEN-1' } },
    });
    expect(result.credentials).toMatchObject({
      accessKeyId: 'AKIA-TEST-1',
      secretAccessKey: 'FAKE-SECRET-1',
      sessionToken: 'FAKE-SESSION-TOKEN-1',
      expiration: new Date(date.getTime() + 3_600_000),
    });
    expect(invalidateToken).not.toHaveBeenCalled();
  });

  it("returns serverTimeMs from the service's Date header, not the local clock", async () => {
    const date = serverNow();
    replies.push(issued(1, date));
    const result = await start().credentials.fetch();
    expect(result.serverTimeMs).toBe(date.getTime());
  });

  it('a rejected token (NotAuthorizedException) is invalidated and exactly one more attempt is made with a new token', async () => {
    replies.push(rejected('NotAuthorizedException', 'Token is expired'), issued(2, serverNow()));
    const { credentials, freshToken, invalidateToken } = start();

    const result = await credentials.fetch();

    expect(result.credentials.accessKeyId).toBe('AKIA-TEST-2');
    expect(invalidateToken).toHaveBeenCalledTimes(1);
    expect(invalidateToken).toHaveBeenCalledWith('FAKE-OPENID-TOKEN-1');
    expect(freshToken).toHaveBeenCalledTimes(2);
    expect(requests.map((request) => request.body.Logins?.['cognito-identity.amazonaws.com'])).toEqual(['FAKE-OPENID-TOKEN-1', 'FAKE-OPENID-TOKEN-2']);
  });

  it('two rejections in a row → identity_misconfigured naming the identity pool and developer provider, for an administrator', async () => {
    replies.push(rejected('NotAuthorizedException', 'Token is expired'), rejected('NotAuthorizedException', 'Invalid login token.'), issued(3, serverNow()));
    const { credentials, invalidateToken } = start();

    const error = await credentials.fetch().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe('identity_misconfigured');
    expect((error as ServiceError).message).toMatch(/identity pool/);
    expect((error as ServiceError).message).toMatch(/developer provider/);
    expect((error as ServiceError).message).toMatch(/administrator/);
    expect((error as ServiceError).message).not.toContain('FAKE-OPENID-TOKEN');
    // Never a third try.
    expect(requests).toHaveLength(2);
    expect(invalidateToken).toHaveBeenCalledTimes(1);
  });

  it('ResourceNotFoundException → identity_misconfigured, with no retry and no token invalidated', async () => {
    replies.push(rejected('ResourceNotFoundException', 'IdentityId not found'), issued(1, serverNow()));
    const { credentials, invalidateToken } = start();

    const error = await credentials.fetch().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe('identity_misconfigured');
    expect((error as ServiceError).message).toMatch(/administrator/);
    expect(requests).toHaveLength(1);
    expect(invalidateToken).not.toHaveBeenCalled();
  });
});
