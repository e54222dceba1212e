import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { BackendClient, parseRetryAfter } from '../../../main/session/backend-client';
import { parseBackendUrl } from '../../../main/session/backend-url';
import { ServiceError } from '../../../main/shared/errors';
import { startCannedServer, type CannedServer } from '../helpers/canned-server';
import { backendSession } from '../helpers/sessions';

const PASSWORD = 'correct horse battery staple';
const REFRESH = 'REFRESH-TOKEN-SECRET-0123456789abcdefghijklmnopq';

async function failure(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ServiceError);
  const serviceError = error as ServiceError;
  // Whatever went wrong, the sentence never carries the password or a token.
  expect(serviceError.message).not.toContain(PASSWORD);
  expect(serviceError.message).not.toContain(REFRESH);
  return serviceError;
}

const errorBody = (code: string, message = 'The backend says no.') => JSON.stringify({ error: { code, message } });

describe('BackendClient against canned HTTP replies', () => {
  let server: CannedServer;
  let client: BackendClient;
  const endpoint = () => parseBackendUrl(`${server.url}/base`);

  beforeAll(async () => {
    server = await startCannedServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    client = new BackendClient({ timeoutMs: 300 });
    server.requests.length = 0;
  });

  it('posts the credentials as JSON under the path prefix and returns the validated Session', async () => {
    const session = backendSession();
    // The backend's Date header (1 s resolution) comes along, for measuring lifetimes on its clock.
    // Set here rather than left to Node, whose cached Date header can lag a second on a busy machine.
    const backendClock = Date.parse('2026-11-29T10:20:30Z');
    const headers = { date: new Date(backendClock).toUTCString() };
    server.reply('/base/v1/auth/login', { status: 200, headers, body: JSON.stringify({ ...session, extraField: 'ignored' }) });
    const result = await client.login(endpoint(), 'demo', PASSWORD);
    const { serverTimeMs, ...fields } = result;
    expect(fields).toEqual(session);
    expect(serverTimeMs).toBe(backendClock);
    expect(server.requests).toEqual([{ method: 'POST', path: '/base/v1/auth/login', body: JSON.stringify({ username: 'demo', password: PASSWORD }) }]);
  });

  it('401 invalid_credentials → invalid_credentials', async () => {
    server.reply('/base/v1/auth/login', { status: 401, body: errorBody('invalid_credentials', 'The username or password is incorrect.') });
    const error = await failure(client.login(endpoint(), 'demo', PASSWORD));
    expect(error.code).toBe('invalid_credentials');
    expect(error.message).toBe('The username or password is incorrect.');
  });

  it('429 with Retry-After → rate_limited with retryAfterSeconds', async () => {
    server.reply('/base/v1/auth/login', { status: 429, headers: { 'retry-after': '42' }, body: errorBody('rate_limited') });
    const error = await failure(client.login(endpoint(), 'demo', PASSWORD));
    expect(error.toIpcError()).toEqual({ code: 'rate_limited', message: 'Too many sign-in attempts. Try again in 42 seconds.', retryAfterSeconds: 42 });
  });

  it('503 from the backend → identity_service_error (passing); 502 → identity_misconfigured, for an administrator', async () => {
    server.reply('/base/v1/auth/login', { status: 503, headers: { 'retry-after': '5' }, body: errorBody('identity_service_unavailable') });
    const unavailable = await failure(client.login(endpoint(), 'demo', PASSWORD));
    expect(unavailable.code).toBe('identity_service_error');
    expect(unavailable.retryAfterSeconds).toBe(5);
    server.reply('/base/v1/auth/login', { status: 502, body: errorBody('identity_service_misconfigured', 'Check the identity pool id.') });
    const misconfigured = await failure(client.login(endpoint(), 'demo', PASSWORD));
    expect(misconfigured.code).toBe('identity_misconfigured');
    expect(misconfigured.message).toMatch(/administrator/);
    expect(misconfigured.message).toContain('Check the identity pool id.');
  });

  it('a non-JSON reply → backend_error: "this does not look like an S3 Desk backend"', async () => {
    server.reply('/base/v1/auth/login', { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>Welcome to nginx</html>' });
    const ok = await failure(client.login(endpoint(), 'demo', PASSWORD));
    expect(ok.code).toBe('backend_error');
    expect(ok.message).toMatch(/does not look like an S3 Desk backend/);
    server.reply('/base/v1/auth/login', { status: 404, headers: { 'content-type': 'text/html' }, body: '<h1>Not Found</h1>' });
    const notFound = await failure(client.login(endpoint(), 'demo', PASSWORD));
    expect(notFound.code).toBe('backend_error');
    expect(notFound.message).toMatch(/HTTP 404.*does not look like an S3 Desk backend/);
  });

  it('a JSON reply that is not a Session → backend_error naming the field, not its value', async () => {
    const { token: _token, ...withoutToken } = backendSession();
    server.reply('/base/v1/auth/login', { status: 200, body: JSON.stringify(withoutToken) });
    const error = await failure(client.login(endpoint(), 'demo', PASSWORD));
    expect(error.code).toBe('backend_error');
    expect(error.message).toContain('token');
    expect(error.message).not.toContain(withoutToken.refreshToken);
  });

  it('no answer within the timeout → backend_unreachable naming the host', async () => {
    server.reply('/base/v1/auth/login', { hang: true });
    const error = await failure(client.login(endpoint(), 'demo', PASSWORD));
    expect(error.code).toBe('backend_unreachable');
    expect(error.message).toContain(new URL(server.url).host);
    expect(error.message).toMatch(/did not answer/);
  });

  it('a dropped connection → backend_unreachable', async () => {
    server.reply('/base/v1/auth/login', { drop: true });
    expect((await failure(client.login(endpoint(), 'demo', PASSWORD))).code).toBe('backend_unreachable');
  });

  it('a refused connection → backend_unreachable saying so', async () => {
    const port = await closedPort();
    const error = await failure(client.login(parseBackendUrl(`http://127.0.0.1:${port}`), 'demo', PASSWORD));
    expect(error.code).toBe('backend_unreachable');
    expect(error.message).toContain(`127.0.0.1:${port} refused the connection`);
  });

  it('an unknown host → backend_unreachable saying it could not be found', async () => {
    const fetchNotFound: typeof fetch = async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND desk.invalid'), { code: 'ENOTFOUND' }) });
    };
    const error = await failure(new BackendClient({ fetch: fetchNotFound }).login(parseBackendUrl('desk.invalid'), 'demo', PASSWORD));
    expect(error.code).toBe('backend_unreachable');
    expect(error.message).toMatch(/Could not find desk\.invalid/);
  });

  it('a redirect is not followed (it would re-send the password elsewhere)', async () => {
    server.reply('/base/v1/auth/login', { status: 307, headers: { location: 'https://elsewhere.example/' } });
    const error = await failure(client.login(endpoint(), 'demo', PASSWORD));
    expect(error.code).toBe('backend_error');
    expect(server.requests).toHaveLength(1);
  });

  it('refresh: 200 → rotated Session; invalid_refresh_token and refresh_token_reused → session_expired', async () => {
    const rotated = backendSession({ refreshToken: 'ROTATED-REFRESH-TOKEN-abcdefghijklmnopqrstuvwx' });
    server.reply('/base/v1/auth/refresh', { status: 200, body: JSON.stringify(rotated) });
    await expect(client.refresh(endpoint(), REFRESH)).resolves.toMatchObject(rotated);
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ refreshToken: REFRESH });

    for (const code of ['invalid_refresh_token', 'refresh_token_reused']) {
      server.reply('/base/v1/auth/refresh', { status: 401, body: errorBody(code) });
      expect((await failure(client.refresh(endpoint(), REFRESH))).code, code).toBe('session_expired');
    }
  });

  it('logout: 204 resolves; an error reply rejects with a contract code', async () => {
    server.reply('/base/v1/auth/logout', { status: 204 });
    await expect(client.logout(endpoint(), REFRESH)).resolves.toBeUndefined();
    server.reply('/base/v1/auth/logout', { status: 401, body: errorBody('invalid_refresh_token') });
    expect((await failure(client.logout(endpoint(), REFRESH))).code).toBe('session_expired');
  });

  it('anything else → backend_error with the HTTP status', async () => {
    server.reply('/base/v1/auth/login', { status: 500, body: errorBody('internal_error', 'The backend failed unexpectedly.') });
    const error = await failure(client.login(endpoint(), 'demo', PASSWORD));
    expect(error.code).toBe('backend_error');
    expect(error.message).toContain('HTTP 500');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('30')).toBe(30);
    expect(parseRetryAfter('0')).toBe(1);
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:02:00 GMT', now)).toBe(120);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

/** A port nothing listens on: bind one, then close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
