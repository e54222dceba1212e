import { describe, expect, it } from 'vitest';
import { jsonRecord, textRecord } from '../../backend/log-format';
import { sdkError, startTestBackend, T0 } from './helpers';

const PASSWORD = 'Pa55word-that-must-never-be-logged';

describe('request logs', () => {
  it('have one line per request and never contain a password or token', async () => {
    const t = await startTestBackend();
    await t.backend.users.add('alice', PASSWORD);

    const login = await t.login('alice', PASSWORD);
    const refreshed = await t.post('/v1/auth/refresh', { refreshToken: login.body.refreshToken });
    t.clock.advance(60); // past the grace window, so the replay is reuse
    const replayed = await t.post('/v1/auth/refresh', { refreshToken: login.body.refreshToken });
    const second = await t.login('alice', PASSWORD);
    const loggedOut = await t.post('/v1/auth/logout', { refreshToken: second.body.refreshToken });
    // Failures are where secrets usually leak: parse errors quote bodies, validators echo values.
    await t.login('alice', `${PASSWORD}-wrong`);
    await t.login(PASSWORD, PASSWORD); // a password typed into the username field
    await t.post('/v1/auth/login', `{"username":"alice","password":"${PASSWORD}"`);
    await t.post('/v1/auth/login', { username: 'alice', password: PASSWORD, [PASSWORD]: PASSWORD });
    await t.post('/v1/auth/login', { username: 'alice', password: 12345 });
    await t.request(`/v1/auth/refresh/${second.body.refreshToken}?token=${second.body.token}`);
    t.issuer.failures.push(sdkError('NotAuthorizedException'));
    await t.login('alice', PASSWORD);
    expect([login.status, refreshed.status, replayed.status, second.status, loggedOut.status]).toEqual([
      200, 200, 401, 200, 204,
    ]);

    const secrets = [
      PASSWORD,
      ...t.issuer.issuedTokens,
      login.body.refreshToken,
      refreshed.body.refreshToken,
      second.body.refreshToken,
    ];
    const all = [...t.logs, JSON.stringify(t.logFields)].join('\n');
    for (const secret of secrets) expect(all).not.toContain(secret);
    // Not even a recognisable slice of one.
    for (const secret of secrets) expect(all).not.toContain(secret.slice(0, 12));
    // Each request line comes with its facts as fields, for structured logs.
    expect(t.logFields).toHaveLength(12);
    expect(t.logFields[0]).toEqual({ method: 'POST', route: '/v1/auth/login', statusCode: 200, responseTimeMs: expect.any(Number) });
    expect(t.logFields[2]).toMatchObject({ route: '/v1/auth/refresh', statusCode: 401, errorCode: 'refresh_token_reused' });

    expect(t.logs[0]).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+ /);
    const requestLines = t.logs.slice(1);
    expect(requestLines).toHaveLength(12);
    for (const line of requestLines) expect(line).toMatch(/^(GET|POST) (\/v1\/\S+|\(unknown route\)) \d{3} \d+ms/);
    expect(requestLines[0]).toMatch(/^POST \/v1\/auth\/login 200 \d+ms$/);
    expect(requestLines[2]).toMatch(/^POST \/v1\/auth\/refresh 401 \d+ms refresh_token_reused$/);
    expect(requestLines.at(-1)).toMatch(/ 502 \d+ms identity_service_misconfigured cognito=NotAuthorizedException\/400$/);
  });

  it('stay free of secrets, usernames and addresses on the proxy, rate-limit, readiness and metrics paths', async () => {
    const metricsToken = 'metrics-token-that-must-never-be-logged';
    const t = await startTestBackend({
      config: {
        trustedProxies: ['127.0.0.1'],
        metricsToken,
        loginLimitPerUserAddress: { max: 1, windowSeconds: 60 },
        loginSlowdownPerUser: { freeFailures: 2, maxDelaySeconds: 30 },
      },
    });
    await t.backend.users.add('alice', PASSWORD);
    const from = (address: string, password: string) =>
      t.post('/v1/auth/login', { username: 'alice', password }, { 'x-forwarded-for': address });

    const statuses = [
      (await from('203.0.113.77', `${PASSWORD}-1`)).status,
      (await from('203.0.113.77', PASSWORD)).status, // per username and address
      (await from('2001:db8:77::1', `${PASSWORD}-2`)).status,
      (await from('198.51.100.77', PASSWORD)).status, // per username, from anywhere
      // A proxy forwarding something that is not an address (here, a password).
      (await from(PASSWORD, PASSWORD)).status,
      (await t.request('/v1/ready')).status,
      (await t.request('/metrics', { headers: { authorization: `Bearer ${PASSWORD}` } })).status,
      (await t.request('/metrics', { headers: { authorization: `Bearer ${metricsToken}` } })).status,
    ];
    expect(statuses).toEqual([401, 429, 401, 429, 429, 200, 401, 200]);

    const all = [...t.logs, JSON.stringify(t.logFields)].join('\n');
    for (const secret of [PASSWORD, metricsToken, 'alice', '203.0.113.77', '2001:db8:77', '198.51.100.77']) {
      expect(all).not.toContain(secret);
    }
    const requestLines = t.logs.slice(1);
    expect(requestLines).toEqual([
      expect.stringMatching(/^POST \/v1\/auth\/login 401 \d+ms invalid_credentials$/),
      expect.stringMatching(/^POST \/v1\/auth\/login 429 \d+ms rate_limited limit=user_address$/),
      expect.stringMatching(/^POST \/v1\/auth\/login 401 \d+ms invalid_credentials$/),
      expect.stringMatching(/^POST \/v1\/auth\/login 429 \d+ms rate_limited limit=username$/),
      expect.stringMatching(/^POST \/v1\/auth\/login 429 \d+ms rate_limited limit=username$/),
      expect.stringMatching(/^GET \/v1\/ready 200 \d+ms$/),
      expect.stringMatching(/^GET \/metrics 401 \d+ms unauthorized$/),
      expect.stringMatching(/^GET \/metrics 200 \d+ms$/),
    ]);
  });

  it('are written for people as text, or one JSON object per line in pino\'s shape', () => {
    const line = 'POST /v1/auth/login 429 3ms rate_limited limit=username';
    const fields = { method: 'POST', route: '/v1/auth/login', statusCode: 429, responseTimeMs: 3, errorCode: 'rate_limited', limit: 'username' };
    expect(textRecord(line, new Date(T0))).toBe(`2030-01-01T00:00:00.000Z backend ${line}`);
    expect(JSON.parse(jsonRecord(line, fields, new Date(T0)))).toEqual({
      level: 30,
      time: T0,
      pid: process.pid,
      hostname: expect.any(String),
      name: 's3desk-backend',
      msg: line,
      ...fields,
    });
    // 5xx answers are errors; lifecycle lines have no fields.
    expect(JSON.parse(jsonRecord('POST /v1/auth/login 502 9ms', { statusCode: 502 }, new Date(T0))).level).toBe(50);
    expect(JSON.parse(jsonRecord('stopped', undefined, new Date(T0)))).toMatchObject({ level: 30, msg: 'stopped' });
    // A line is one line, whatever it holds.
    expect(jsonRecord('a\nb', undefined, new Date(T0))).not.toContain('\n');
  });

  it('logs start and stop', async () => {
    const t = await startTestBackend();
    await t.backend.close();
    expect(t.logs.at(-1)).toBe('stopped');
    // close() is idempotent
    await t.backend.close();
  });
});
