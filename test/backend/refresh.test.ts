import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sdkError, startTestBackend, T0, tempDir, type TestBackend } from './helpers';

async function signedIn(t: TestBackend): Promise<string> {
  if (!t.backend.users.exists('alice')) await t.backend.users.add('alice', 'wonderland');
  const res = await t.login('alice', 'wonderland');
  expect(res.status).toBe(200);
  return res.body.refreshToken;
}

const refresh = (t: TestBackend, refreshToken: string) => t.post('/v1/auth/refresh', { refreshToken });
const logout = (t: TestBackend, refreshToken: string) => t.post('/v1/auth/logout', { refreshToken });

describe('POST /v1/auth/refresh', () => {
  it('answers a new Session with a new refresh token for the same identity', async () => {
    const t = await startTestBackend();
    const login = await t.login('x', 'y'); // a failed login first: it must not matter
    expect(login.status).toBe(401);
    const first = await signedIn(t);
    const identityId = t.backend.users.get('alice')?.identityId;

    t.clock.advance(600);
    const res = await refresh(t, first);

    expect(res.status).toBe(200);
    expect(res.body.refreshToken).not.toBe(first);
    expect(res.body.identityId).toBe(identityId);
    expect(res.body.username).toBe('alice');
    expect(res.body.token).toBe(t.issuer.issuedTokens.at(-1));
    expect(res.body.tokenExpiresAt).toBe(new Date(T0 + 1500_000).toISOString());
    // Every rotation grants a full TTL from now.
    expect(res.body.refreshExpiresAt).toBe(new Date(T0 + 600_000 + 3600_000).toISOString());
    expect(res.body.buckets[1].prefix).toBe(`home/${identityId}/`);
    expect(t.issuer.calls.at(-1)).toEqual({ userId: t.backend.users.get('alice')?.id, identityId });
  });

  it('rotates: a used token is refused as reused and its whole family is revoked', async () => {
    const t = await startTestBackend();
    const t1 = await signedIn(t);
    const otherLogin = await signedIn(t);

    const t2 = (await refresh(t, t1)).body.refreshToken;
    const t3 = (await refresh(t, t2)).body.refreshToken;
    expect(new Set([t1, t2, t3]).size).toBe(3);

    const replay = await refresh(t, t1);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('refresh_token_reused');

    // The newest token of the family no longer works either...
    const newest = await refresh(t, t3);
    expect(newest.status).toBe(401);
    expect(newest.body.error.code).toBe('invalid_refresh_token');
    // ...but another login's family is untouched.
    expect((await refresh(t, otherLogin)).status).toBe(200);
  });

  it('revokes the family when two requests race with the same token', async () => {
    const t = await startTestBackend();
    const token = await signedIn(t);
    t.issuer.delayMs = 200;
    const [a, b] = await Promise.all([refresh(t, token), refresh(t, token)]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 401]);
    const winner = a.status === 200 ? a : b;
    const loser = a.status === 200 ? b : a;
    expect(loser.body.error.code).toBe('refresh_token_reused');
    expect((await refresh(t, winner.body.refreshToken)).body.error.code).toBe('invalid_refresh_token');
  });

  it('refuses unknown and expired tokens with invalid_refresh_token', async () => {
    const t = await startTestBackend({ config: { refreshTokenTtlSeconds: 3600 } });
    const unknown = await refresh(t, 'A'.repeat(43));
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('invalid_refresh_token');

    const token = await signedIn(t);
    t.clock.advance(3599);
    const stillValid = await refresh(t, token);
    expect(stillValid.status).toBe(200);

    t.clock.advance(3600);
    const expired = await refresh(t, stillValid.body.refreshToken);
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('invalid_refresh_token');
    expect(t.issuer.calls).toHaveLength(2);
  });

  it('does not spend the token when Cognito fails', async () => {
    const t = await startTestBackend();
    const token = await signedIn(t);

    t.issuer.failures.push(sdkError('TooManyRequestsException'));
    const throttled = await refresh(t, token);
    expect(throttled.status).toBe(503);
    expect(throttled.body.error.code).toBe('identity_service_unavailable');
    expect(throttled.headers.get('retry-after')).toBe('5');

    t.issuer.failures.push(sdkError('NotAuthorizedException'));
    const misconfigured = await refresh(t, token);
    expect(misconfigured.status).toBe(502);
    expect(misconfigured.body.error.code).toBe('identity_service_misconfigured');

    const retried = await refresh(t, token);
    expect(retried.status).toBe(200);
  });

  it('refuses tokens of removed users and after a password reset', async () => {
    const t = await startTestBackend();
    const token = await signedIn(t);
    await t.backend.users.resetPassword('alice', 'new-password');
    expect((await refresh(t, token)).body.error.code).toBe('invalid_refresh_token');

    const again = (await t.login('alice', 'new-password')).body.refreshToken;
    t.backend.users.remove('alice');
    expect((await refresh(t, again)).body.error.code).toBe('invalid_refresh_token');
  });

  it('stores only SHA-256 hashes of refresh tokens', async () => {
    const dbPath = join(tempDir(), 'backend.sqlite');
    const t = await startTestBackend({ config: { dbPath } });
    const t1 = await signedIn(t);
    const t2 = (await refresh(t, t1)).body.refreshToken;

    const db = new Database(dbPath, { readonly: true });
    const dump = JSON.stringify(db.prepare('SELECT * FROM refresh_tokens').all());
    const hashes = (db.prepare('SELECT token_hash FROM refresh_tokens').all() as { token_hash: string }[]).map(
      (row) => row.token_hash,
    );
    db.close();
    expect(dump).not.toContain(t1);
    expect(dump).not.toContain(t2);
    const sha = (token: string) => createHash('sha256').update(token).digest('hex');
    expect(hashes.sort()).toEqual([sha(t1), sha(t2)].sort());
  });
});

describe('POST /v1/auth/logout', () => {
  it('answers 204 and ends the whole family', async () => {
    const t = await startTestBackend();
    const t1 = await signedIn(t);
    const t2 = (await refresh(t, t1)).body.refreshToken;

    const res = await logout(t, t2);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');

    expect((await refresh(t, t2)).body.error.code).toBe('invalid_refresh_token');
    const again = await logout(t, t2);
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('invalid_refresh_token');
  });

  it('refuses unknown and rotated tokens, revoking the family of a rotated one', async () => {
    const t = await startTestBackend();
    expect((await logout(t, 'nope')).body.error.code).toBe('invalid_refresh_token');

    const t1 = await signedIn(t);
    const t2 = (await refresh(t, t1)).body.refreshToken;
    const stale = await logout(t, t1);
    expect(stale.status).toBe(401);
    expect(stale.body.error.code).toBe('invalid_refresh_token');
    expect((await refresh(t, t2)).body.error.code).toBe('invalid_refresh_token');
  });

  it('rejects malformed bodies with 400', async () => {
    const t = await startTestBackend();
    for (const body of [{}, { refreshToken: '' }, { refreshToken: 'x', extra: 1 }, { refreshToken: 5 }]) {
      const res = await t.post('/v1/auth/logout', body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect((await t.post('/v1/auth/refresh', { refreshToken: 'x'.repeat(513) })).status).toBe(400);
  });
});
