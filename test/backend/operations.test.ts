import { describe, expect, it } from 'vitest';
import { buildApp } from '../../backend/app';
import type { AuthService } from '../../backend/auth';
import type { OpenIdToken } from '../../backend/cognito';
import { openDatabase } from '../../backend/db';
import { BackendMetrics } from '../../backend/metrics';
import { OpenApiContract } from '../../backend/openapi';
import { databaseAnswers } from '../../backend/readiness';
import type { SqlDatabase } from '../../backend/store/sql';
import { startTestBackend, type TestBackend } from './helpers';
import { bothStores, freshDatabase, type StoreKind } from './stores';

/** The value of one sample line of a Prometheus exposition, e.g. `name{label="x"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Makes the next Cognito call wait until released, and says when it has started. */
function holdNextCognitoCall(t: TestBackend): { started: Promise<void>; release: () => void } {
  const original = t.issuer.issue.bind(t.issuer);
  let release!: () => void;
  let started!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const startedPromise = new Promise<void>((resolve) => (started = resolve));
  t.issuer.issue = async (request): Promise<OpenIdToken> => {
    started();
    await released;
    return original(request);
  };
  return { started: startedPromise, release };
}

describe.each(bothStores())('readiness on %s', (kind: StoreKind) => {
  it('GET /v1/ready answers 200 while the database answers', async () => {
    const t = await startTestBackend({ store: kind });
    const res = await t.request('/v1/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('databaseAnswers says yes for a reachable database and no once it is closed', async () => {
    const db = await openDatabase(await freshDatabase(kind));
    expect(await databaseAnswers(db)).toBe(true);
    await db.close();
    expect(await databaseAnswers(db)).toBe(false);
  });
});

describe('readiness', () => {
  it('databaseAnswers says no when the database does not answer within the timeout', async () => {
    const hung = { get: () => new Promise(() => undefined) } as unknown as SqlDatabase;
    expect(await databaseAnswers(hung, 20)).toBe(false);
  });

  it('GET /v1/ready answers 503 database_unavailable when the database does not answer, while /v1/health stays 200', async () => {
    const { app } = buildApp({
      auth: {} as AuthService,
      contract: OpenApiContract.load(),
      log: () => undefined,
      metrics: new BackendMetrics(),
      databaseReady: async () => false,
    });
    const ready = await app.inject({ method: 'GET', url: '/v1/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ error: { code: 'database_unavailable', message: expect.stringContaining('database') } });
    const health = await app.inject({ method: 'GET', url: '/v1/health' });
    expect([health.statusCode, health.json()]).toEqual([200, { status: 'ok' }]);
    await app.close();
  });
});

describe('GET /metrics', () => {
  it('counts logins and refreshes by outcome, rate-limit refusals by limit, and times Cognito', async () => {
    const t = await startTestBackend({ config: { loginLimitPerAddress: { max: 3, windowSeconds: 600 } } });
    await t.backend.users.add('alice', 'wonderland');
    const login = await t.login('alice', 'wonderland');
    await t.login('alice', 'wrong');
    await t.post('/v1/auth/refresh', { refreshToken: login.body.refreshToken });
    t.clock.advance(60); // past the grace window: presenting it again is reuse
    await t.post('/v1/auth/refresh', { refreshToken: login.body.refreshToken });
    await t.login('alice', 'wonderland');
    await t.login('alice', 'wonderland');
    await t.post('/v1/auth/login', { username: 'alice' });

    const res = await t.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.text;
    expect(sample(text, 's3desk_backend_logins_total{outcome="success"}')).toBe(2);
    expect(sample(text, 's3desk_backend_logins_total{outcome="invalid_credentials"}')).toBe(1);
    expect(sample(text, 's3desk_backend_logins_total{outcome="rate_limited"}')).toBe(1);
    expect(sample(text, 's3desk_backend_logins_total{outcome="invalid_request"}')).toBe(1);
    expect(sample(text, 's3desk_backend_refreshes_total{outcome="success"}')).toBe(1);
    expect(sample(text, 's3desk_backend_refreshes_total{outcome="refresh_token_reused"}')).toBe(1);
    expect(sample(text, 's3desk_backend_rate_limited_total{limit="address"}')).toBe(1);
    const operation = 'operation="GetOpenIdTokenForDeveloperIdentity"';
    expect(sample(text, `s3desk_backend_cognito_seconds_count{${operation}}`)).toBe(3);
    expect(sample(text, `s3desk_backend_cognito_seconds_bucket{le="+Inf",${operation}}`)).toBe(3);
    // The process's own metrics come along.
    // (Its CPU counter counts from when metrics were set up: on a fast machine that can still be 0 s.)
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0);
    expect(text).toContain('# TYPE nodejs_heap_size_used_bytes gauge');
    // Nothing a client sent or was given.
    for (const secret of ['wonderland', login.body.refreshToken, login.body.token, 'alice']) expect(text).not.toContain(secret);
  });

  it('keeps the counts of each backend apart', async () => {
    const [a, b] = [await startTestBackend(), await startTestBackend()];
    await a.login('nobody', 'x');
    expect(sample((await a.request('/metrics')).text, 's3desk_backend_logins_total{outcome="invalid_credentials"}')).toBe(1);
    expect(sample((await b.request('/metrics')).text, 's3desk_backend_logins_total{outcome="invalid_credentials"}')).toBeUndefined();
  });

  it('needs the bearer token when BACKEND_METRICS_TOKEN is set', async () => {
    const token = 'metrics-token-for-this-test-only';
    const t = await startTestBackend({ config: { metricsToken: token } });
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${token}`, `Bearer ${token}x`]) {
      const res = await t.request('/metrics', authorization ? { headers: { authorization } } : {});
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(res.body.error.code).toBe('unauthorized');
      expect(res.text).not.toContain(token);
    }
    const res = await t.request('/metrics', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.text).toContain('s3desk_backend_logins_total');
    expect(t.logs.join('\n')).not.toContain(token);
  });
});

describe('graceful shutdown', () => {
  it('lets a request in flight finish, refuses new connections meanwhile, then closes the store', async () => {
    const t = await startTestBackend();
    await t.backend.users.add('alice', 'wonderland');
    const held = holdNextCognitoCall(t);
    const inFlight = t.login('alice', 'wonderland');
    await held.started;

    const closed = t.backend.close();
    // Wait (however long the machine takes) until the listener is gone: new connections are refused.
    let refused = false;
    while (!refused) {
      refused = await fetch(`${t.backend.url}/v1/health`, { headers: { connection: 'close' } }).then(
        () => false,
        () => true,
      );
    }
    held.release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.body.username).toBe('alice');
    // Answered with the connection closed, so the shutdown does not wait for it to idle out.
    expect(res.headers.get('connection')).toBe('close');
    await closed;
    expect(t.logs.slice(-2)).toEqual([expect.stringMatching(/^POST \/v1\/auth\/login 200 /), 'stopped']);
  });

  it('cuts the connections of requests that outlast the drain timeout, and still closes', async () => {
    const t = await startTestBackend({ drainTimeoutMs: 50 });
    await t.backend.users.add('alice', 'wonderland');
    const held = holdNextCognitoCall(t);
    const inFlight = t.login('alice', 'wonderland').then(
      () => 'answered',
      () => 'cut',
    );
    await held.started;
    await t.backend.close();
    expect(await inFlight).toBe('cut');
    expect(t.logs).toContain('requests still running after the drain timeout; closing their connections');
    expect(t.logs.at(-1)).toBe('stopped');
    held.release();
  });
});
