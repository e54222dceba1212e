import { describe, expect, it } from 'vitest';
import { ISO_8601, makeJwt, POOL_ID, rawRequest, sdkError, startTestBackend, T0 } from './helpers';
import { bothStores, type StoreKind } from './stores';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.each(bothStores())('POST /v1/auth/login on %s', (kind: StoreKind) => {
  it('answers a Session for the right password', async () => {
    const t = await startTestBackend({ store: kind });
    await t.backend.users.add('Alice', 'wonderland');

    const res = await t.login('  ALICE ', 'wonderland');

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const session = res.body;
    expect(Object.keys(session).sort()).toEqual(
      ['buckets', 'identityId', 'refreshExpiresAt', 'refreshToken', 'region', 'token', 'tokenExpiresAt', 'username'].sort(),
    );
    expect(session.identityId).toMatch(/^us-east-1:/);
    expect(session.token).toBe(t.issuer.issuedTokens[0]);
    expect(session.tokenExpiresAt).toMatch(ISO_8601);
    // From the token's exp claim (the fake issues 900 s tokens on the test clock).
    expect(session.tokenExpiresAt).toBe(new Date(T0 + 900_000).toISOString());
    expect(session.refreshToken).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(session.refreshExpiresAt).toBe(new Date(T0 + 3600_000).toISOString());
    expect(session.region).toBe('us-east-1');
    expect(session.username).toBe('alice');
    expect(session.buckets).toEqual([
      { name: 'team-shared', prefix: '' },
      { name: 'user-homes', prefix: `home/${session.identityId}/` },
    ]);
  });

  it('answers each configured label with its entry, and an entry without one as before', async () => {
    const t = await startTestBackend({
      store: kind,
      config: {
        buckets: [
          { name: 'user-homes', prefix: '${identityId}/', label: 'My files' },
          { name: 'team-shared', prefix: 'library/', label: 'Team library' },
          { name: 'archive', prefix: '' },
        ],
      },
    });
    await t.backend.users.add('alice', 'wonderland');

    const login = await t.login('alice', 'wonderland');
    const refreshed = await t.post('/v1/auth/refresh', { refreshToken: login.body.refreshToken });

    for (const session of [login.body, refreshed.body]) {
      expect(session.buckets).toEqual([
        { name: 'user-homes', prefix: `${session.identityId}/`, label: 'My files' },
        { name: 'team-shared', prefix: 'library/', label: 'Team library' },
        { name: 'archive', prefix: '' },
      ]);
      // Not even "label": null, which a strict client of the old contract would refuse.
      expect(Object.keys(session.buckets[2])).toEqual(['name', 'prefix']);
    }
  });

  it('sends Cognito the stable user id (not the username), then the IdentityId it returned', async () => {
    const t = await startTestBackend({ store: kind });
    const alice = await t.backend.users.add('alice', 'wonderland');

    const first = await t.login('alice', 'wonderland');
    const second = await t.login('alice', 'wonderland');

    expect(t.issuer.calls[0]).toEqual({ userId: alice.id });
    expect(alice.id).toMatch(UUID);
    expect(t.issuer.calls[1]).toEqual({ userId: alice.id, identityId: first.body.identityId });
    expect(second.body.identityId).toBe(first.body.identityId);
    expect((await t.backend.users.get('alice'))?.identityId).toBe(first.body.identityId);
    // Each login starts its own refresh-token family.
    expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
  });

  it('falls back to now + TokenDuration when the token carries no exp claim', async () => {
    const t = await startTestBackend({ store: kind, config: { tokenDurationSeconds: 120 } });
    t.issuer.issue = async () => ({ identityId: `${POOL_ID.split(':')[0]}:x`, token: makeJwt({ sub: 'x' }) });
    await t.backend.users.add('alice', 'wonderland');
    const res = await t.login('alice', 'wonderland');
    expect(res.body.tokenExpiresAt).toBe(new Date(T0 + 120_000).toISOString());
  });

  it('gives the same 401 for an unknown user and a wrong password', async () => {
    const t = await startTestBackend({ store: kind });
    await t.backend.users.add('alice', 'wonderland');

    const wrongPassword = await t.login('alice', 'looking-glass');
    const unknownUser = await t.login('mallory', 'wonderland');

    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(wrongPassword.text).toBe(unknownUser.text);
    expect(wrongPassword.body).toEqual({
      error: { code: 'invalid_credentials', message: expect.any(String) },
    });
    expect([...wrongPassword.headers.keys()].sort()).toEqual([...unknownUser.headers.keys()].sort());
    expect(t.issuer.calls).toHaveLength(0);
  });

  describe('rejects malformed requests with 400 invalid_request', () => {
    it.each([
      ['a missing username', { password: 'pw' }, /"username" is required/],
      ['a missing password', { username: 'alice' }, /"password" is required/],
      ['an extra field', { username: 'alice', password: 'pw', remember: true }, /"remember" is not an accepted field/],
      ['a non-string username', { username: 42, password: 'pw' }, /"username" must be of type string/],
      ['an empty username', { username: '', password: 'pw' }, /"username" must not be empty/],
      ['an empty password', { username: 'alice', password: '' }, /"password" must not be empty/],
      ['a username over 128 characters', { username: 'a'.repeat(129), password: 'pw' }, /"username" must be at most 128/],
      ['a password over 1024 characters', { username: 'alice', password: 'p'.repeat(1025) }, /"password" must be at most 1024/],
      ['an array body', [], /body must be a JSON object/],
      ['a null body', null, /body must be a JSON object/],
    ])('with %s', async (_case, body, message) => {
      const t = await startTestBackend({ store: kind });
      const res = await t.post('/v1/auth/login', body === null ? 'null' : body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.message).toMatch(message);
    });

    it('never echoes submitted values in the message', async () => {
      const t = await startTestBackend({ store: kind });
      const res = await t.post('/v1/auth/login', { username: 7, password: 'hunter2-secret', 'hunter3 secret key': 1 });
      expect(res.status).toBe(400);
      expect(res.text).not.toContain('hunter');
      const badJson = await t.post('/v1/auth/login', '{"username":"alice","password":"hunter2-secret"');
      expect(badJson.status).toBe(400);
      expect(badJson.body.error).toEqual({ code: 'invalid_request', message: expect.stringMatching(/not valid JSON/) });
      expect(badJson.text).not.toContain('hunter');
    });

    it.each([
      ['text/plain', 'text/plain'],
      ['form encoding', 'application/x-www-form-urlencoded'],
      ['no content type', undefined],
    ])('with %s', async (_case, contentType) => {
      const t = await startTestBackend({ store: kind });
      const body = JSON.stringify({ username: 'alice', password: 'pw' });
      const res = await rawRequest(`${t.backend.url}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-length': String(body.length), ...(contentType ? { 'content-type': contentType } : {}) },
        body,
      });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text).error).toEqual({
        code: 'invalid_request',
        message: expect.stringMatching(/application\/json/),
      });
    });

    it('with an empty or missing body', async () => {
      const t = await startTestBackend({ store: kind });
      for (const init of [
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        { method: 'POST' },
      ]) {
        const res = await t.request('/v1/auth/login', init);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('invalid_request');
      }
    });

    it('accepts application/json with a charset', async () => {
      const t = await startTestBackend({ store: kind });
      await t.backend.users.add('alice', 'wonderland');
      const res = await t.post(
        '/v1/auth/login',
        { username: 'alice', password: 'wonderland' },
        { 'content-type': 'application/json; charset=utf-8' },
      );
      expect(res.status).toBe(200);
    });
  });

  it('answers 413 payload_too_large for oversized bodies', async () => {
    const t = await startTestBackend({ store: kind });
    const res = await t.post('/v1/auth/login', { username: 'alice', password: 'p'.repeat(64 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  describe('when Cognito fails', () => {
    it.each([
      ['TooManyRequestsException', 503, 'identity_service_unavailable', '5'],
      ['LimitExceededException', 503, 'identity_service_unavailable', '5'],
      ['InternalErrorException', 503, 'identity_service_unavailable', null],
      ['NotAuthorizedException', 502, 'identity_service_misconfigured', null],
      ['ResourceNotFoundException', 502, 'identity_service_misconfigured', null],
      ['InvalidParameterException', 502, 'identity_service_misconfigured', null],
      ['UnrecognizedClientException', 502, 'identity_service_misconfigured', null],
    ])('maps %s to %i %s', async (name, status, code, retryAfter) => {
      const t = await startTestBackend({ store: kind });
      await t.backend.users.add('alice', 'wonderland');
      t.issuer.failures.push(sdkError(name, name === 'InternalErrorException' ? 500 : 400, name === 'InternalErrorException' ? 'server' : 'client'));
      const res = await t.login('alice', 'wonderland');
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(res.headers.get('retry-after')).toBe(retryAfter);
      expect(res.body.error.message).not.toContain('simulated');
    });

    it('tells an administrator what to check when the backend is misconfigured', async () => {
      const t = await startTestBackend({ store: kind });
      await t.backend.users.add('alice', 'wonderland');
      t.issuer.failures.push(sdkError('NotAuthorizedException'), sdkError('ResourceNotFoundException'));
      const denied = await t.login('alice', 'wonderland');
      expect(denied.body.error.message).toMatch(/NotAuthorizedException.*IAM.*COGNITO_DEVELOPER_PROVIDER_NAME/);
      const missing = await t.login('alice', 'wonderland');
      expect(missing.body.error.message).toMatch(/COGNITO_IDENTITY_POOL_ID/);
    });

    it('maps an unreachable Cognito to 503', async () => {
      const t = await startTestBackend({ store: kind });
      await t.backend.users.add('alice', 'wonderland');
      t.issuer.failures.push(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }));
      const res = await t.login('alice', 'wonderland');
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('identity_service_unavailable');
      expect(res.text).not.toContain('ECONNREFUSED');
    });
  });

  it('answers 500 internal_error without internals when something unexpected breaks', async () => {
    const t = await startTestBackend({ store: kind });
    await t.backend.users.add('alice', 'wonderland');
    // A malformed answer makes building the session throw a TypeError.
    t.issuer.issue = async () => ({ identityId: 'us-east-1:x', token: undefined as unknown as string });
    const res = await t.login('alice', 'wonderland');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
    expect(res.text).not.toMatch(/TypeError|undefined|split|\.ts/);
    expect(t.logs.some((line) => /POST \/v1\/auth\/login 500 .*internal_error unexpected TypeError/.test(line))).toBe(true);
  });
});

describe('other routes', () => {
  it('GET /v1/health answers ok', async () => {
    const t = await startTestBackend();
    const res = await t.request('/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it.each([
    ['GET', '/v1/nothing'],
    ['GET', '/v1/auth/login'],
    ['POST', '/v2/auth/login'],
    ['DELETE', '/v1/health'],
  ])('%s %s is 404 not_found', async (method, path) => {
    const t = await startTestBackend();
    const res = await t.request(path, { method });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('unknown routes are 404 even with a malformed body', async () => {
    const t = await startTestBackend();
    const res = await t.post('/v1/unknown', '{not json');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
