import { describe, expect, it } from 'vitest';
import { sdkError, startTestBackend } from './helpers';

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
    const all = t.logs.join('\n');
    for (const secret of secrets) expect(all).not.toContain(secret);
    // Not even a recognisable slice of one.
    for (const secret of secrets) expect(all).not.toContain(secret.slice(0, 12));

    expect(t.logs[0]).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+ /);
    const requestLines = t.logs.slice(1);
    expect(requestLines).toHaveLength(12);
    for (const line of requestLines) expect(line).toMatch(/^(GET|POST) (\/v1\/\S+|\(unknown route\)) \d{3} \d+ms/);
    expect(requestLines[0]).toMatch(/^POST \/v1\/auth\/login 200 \d+ms$/);
    expect(requestLines[2]).toMatch(/^POST \/v1\/auth\/refresh 401 \d+ms refresh_token_reused$/);
    expect(requestLines.at(-1)).toMatch(/ 502 \d+ms identity_service_misconfigured cognito=NotAuthorizedException\/400$/);
  });

  it('logs start and stop', async () => {
    const t = await startTestBackend();
    await t.backend.close();
    expect(t.logs.at(-1)).toBe('stopped');
    // close() is idempotent
    await t.backend.close();
  });
});
