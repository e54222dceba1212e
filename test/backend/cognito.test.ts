import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createCognitoIssuer, tokenExpiry } from '../../backend/cognito';
import { identityServiceError } from '../../backend/cognito-errors';
import { startBackend } from '../../backend/server';
import { makeJwt, POOL_ID, sdkError, testConfig } from './helpers';

const CREDENTIALS = { accessKeyId: 'AKIDBACKENDTEST00001', secretAccessKey: 'backend-secret-key-0123456789abcdef' };

interface Recorded {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}
type Answer = { status: number; body: unknown } | 'hang-up';

/** Speaks just enough of Cognito's JSON 1.1 protocol for the real SDK client. */
async function fakeCognito(answers: Answer[] = []): Promise<{ url: string; requests: Recorded[]; answers: Answer[] }> {
  const requests: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => {
      const body = JSON.parse(data || '{}') as Record<string, unknown>;
      requests.push({ headers: req.headers, body });
      const answer = answers.shift() ?? {
        status: 200,
        body: {
          IdentityId: (body.IdentityId as string | undefined) ?? 'us-east-1:11111111-2222-3333-4444-555555555555',
          Token: makeJwt({ exp: 2_000_000_000 }),
        },
      };
      if (answer === 'hang-up') {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, answers };
}

function issuerFor(url: string, maxAttempts = 1) {
  const issuer = createCognitoIssuer({
    identityPoolId: POOL_ID,
    developerProviderName: 'login.s3desk.test',
    region: 'us-east-1',
    endpoint: url,
    tokenDurationSeconds: 600,
    credentials: CREDENTIALS,
    maxAttempts,
  });
  onTestFinished(() => issuer.close?.());
  return issuer;
}

describe('createCognitoIssuer (real SDK client against a fake endpoint)', () => {
  it('calls GetOpenIdTokenForDeveloperIdentity signed with the backend credentials', async () => {
    const cognito = await fakeCognito();
    const issuer = issuerFor(cognito.url);

    const first = await issuer.issue({ userId: 'user-uuid-1' });
    await issuer.issue({ userId: 'user-uuid-1', identityId: first.identityId });

    expect(first.identityId).toBe('us-east-1:11111111-2222-3333-4444-555555555555');
    expect(first.token.split('.')).toHaveLength(3);
    const [call1, call2] = cognito.requests;
    expect(call1?.headers['x-amz-target']).toBe('AWSCognitoIdentityService.GetOpenIdTokenForDeveloperIdentity');
    expect(call1?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDBACKENDTEST00001\/\d{8}\/us-east-1\/cognito-identity\/aws4_request/,
    );
    expect(call1?.body).toEqual({
      IdentityPoolId: POOL_ID,
      Logins: { 'login.s3desk.test': 'user-uuid-1' },
      TokenDuration: 600,
    });
    expect(call2?.body).toMatchObject({ IdentityId: first.identityId });
  });

  it.each([
    [{ status: 400, body: { __type: 'NotAuthorizedException', message: 'x' } }, 502, 'identity_service_misconfigured'],
    [{ status: 400, body: { __type: 'ResourceNotFoundException', message: 'x' } }, 502, 'identity_service_misconfigured'],
    [{ status: 400, body: { __type: 'InvalidParameterException', message: 'x' } }, 502, 'identity_service_misconfigured'],
    [{ status: 400, body: { __type: 'TooManyRequestsException', message: 'x' } }, 503, 'identity_service_unavailable'],
    [{ status: 500, body: { __type: 'InternalErrorException', message: 'x' } }, 503, 'identity_service_unavailable'],
    [{ status: 502, body: 'Bad gateway' }, 503, 'identity_service_unavailable'],
    [{ status: 200, body: {} }, 503, 'identity_service_unavailable'],
    ['hang-up' as const, 503, 'identity_service_unavailable'],
  ])('maps the SDK error for %j to %i', async (answer, status, code) => {
    const cognito = await fakeCognito([answer]);
    const error = await issuerFor(cognito.url)
      .issue({ userId: 'u' })
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(error).toBeDefined();
    const mapped = identityServiceError(error);
    expect([mapped.statusCode, mapped.code]).toEqual([status, code]);
  });

  it('maps an unreachable endpoint to 503', async () => {
    const cognito = await fakeCognito();
    const closedPort = cognito.url.replace(/:\d+$/, ':1');
    const error = await issuerFor(closedPort).issue({ userId: 'u' }).catch((thrown: unknown) => thrown);
    expect(identityServiceError(error)).toMatchObject({ statusCode: 503, code: 'identity_service_unavailable' });
  });

  it('backs off and retries throttling before giving up', async () => {
    const throttled = { status: 400, body: { __type: 'TooManyRequestsException', message: 'slow down' } };
    const cognito = await fakeCognito([throttled]);
    await expect(issuerFor(cognito.url, 3).issue({ userId: 'u' })).resolves.toMatchObject({ identityId: expect.any(String) });
    expect(cognito.requests).toHaveLength(2);
  });

  it('is what startBackend uses, with the endpoint and credentials it is given', async () => {
    const cognito = await fakeCognito();
    const logs: string[] = [];
    const backend = await startBackend(testConfig({ cognitoEndpoint: cognito.url }), {
      credentials: CREDENTIALS,
      log: (line) => logs.push(line),
    });
    onTestFinished(() => backend.close());
    await backend.users.add('alice', 'wonderland');
    const res = await fetch(`${backend.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'wonderland' }),
    });
    expect(res.status).toBe(200);
    const session = (await res.json()) as { tokenExpiresAt: string };
    expect(session.tokenExpiresAt).toBe(new Date(2_000_000_000_000).toISOString());
    expect(cognito.requests[0]?.body.Logins).toEqual({ 'login.s3desk.test': (await backend.users.get('alice'))?.id });
    expect(logs.join('\n')).not.toContain(CREDENTIALS.secretAccessKey);
    expect(logs.join('\n')).not.toContain(CREDENTIALS.accessKeyId);
  });
});

describe('identityServiceError', () => {
  it('never puts the upstream message in the client message', () => {
    const error = Object.assign(sdkError('NotAuthorizedException'), { message: 'secret-ish upstream detail' });
    expect(identityServiceError(error).message).not.toContain('secret-ish');
  });

  it('treats credential problems as misconfiguration', () => {
    for (const name of ['CredentialsProviderError', 'InvalidSignatureException', 'ExpiredTokenException']) {
      expect(identityServiceError(sdkError(name))).toMatchObject({ statusCode: 502, code: 'identity_service_misconfigured' });
    }
  });

  it('keeps upstream error names out of messages when they look odd', () => {
    const mapped = identityServiceError(Object.assign(new Error('x'), { name: 'Weird <script>' }));
    expect(mapped.details.logNote).toBe('cognito=UnknownError');
  });
});

describe('tokenExpiry', () => {
  it('reads the exp claim, falling back when there is none', () => {
    expect(tokenExpiry(makeJwt({ exp: 1_900_000_000 }), 5)).toBe(1_900_000_000_000);
    expect(tokenExpiry(makeJwt({ sub: 'x' }), 5)).toBe(5);
    expect(tokenExpiry(makeJwt({ exp: 'soon' }), 5)).toBe(5);
    expect(tokenExpiry('not-a-jwt', 5)).toBe(5);
    expect(tokenExpiry('a.!!!.c', 5)).toBe(5);
    expect(tokenExpiry(makeJwt({ exp: 1e300 }), 5)).toBe(5);
  });
});
