import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseLocation } from '../../backend/db';
import { sdkError, startTestBackend, T0, TestClock, type TestBackend } from './helpers';
import { bothStores, dumpAll, freshDatabase, type StoreKind } from './stores';

async function signedIn(t: TestBackend): Promise<string> {
  if (!(await t.backend.users.exists('alice'))) await t.backend.users.add('alice', 'wonderland');
  const res = await t.login('alice', 'wonderland');
  expect(res.status).toBe(200);
  return res.body.refreshToken;
}

const refresh = (t: TestBackend, refreshToken: string) => t.post('/v1/auth/refresh', { refreshToken });
const logout = (t: TestBackend, refreshToken: string) => t.post('/v1/auth/logout', { refreshToken });

describe.each(bothStores())('on %s', (kind: StoreKind) => {
  describe('POST /v1/auth/refresh', () => {
    it('answers a new Session with a new refresh token for the same identity', async () => {
      const t = await startTestBackend({ store: kind });
      const login = await t.login('x', 'y'); // a failed login first: it must not matter
      expect(login.status).toBe(401);
      const first = await signedIn(t);
      const identityId = (await t.backend.users.get('alice'))?.identityId;

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
      expect(t.issuer.calls.at(-1)).toEqual({ userId: (await t.backend.users.get('alice'))?.id, identityId });
    });

    it('rotates: a used token is refused as reused and its whole family is revoked', async () => {
      const t = await startTestBackend({ store: kind });
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

    it('without a grace window, revokes the family when two requests race with the same token', async () => {
      const t = await startTestBackend({ store: kind, config: { refreshGraceSeconds: 0 } });
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
      const t = await startTestBackend({ store: kind, config: { refreshTokenTtlSeconds: 3600 } });
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

    it('ends a login after the family lifetime however often it was refreshed, and says so in refreshExpiresAt', async () => {
      const t = await startTestBackend({ store: kind, config: { refreshTokenTtlSeconds: 3600, refreshFamilyMaxDays: 1 } });
      let token = await signedIn(t);
      let last: Awaited<ReturnType<typeof refresh>> | undefined;
      // Every 50 minutes for 23 h 20 min: each rotation would grant another hour...
      for (let step = 0; step < 28; step++) {
        t.clock.advance(3000);
        last = await refresh(t, token);
        expect(last.status).toBe(200);
        token = last.body.refreshToken;
      }
      // ...but not beyond a day after the login.
      expect(last?.body.refreshExpiresAt).toBe(new Date(T0 + 86_400_000).toISOString());

      t.clock.advance(86_400 - 28 * 3000);
      const over = await refresh(t, token);
      expect(over.status).toBe(401);
      expect(over.body.error.code).toBe('invalid_refresh_token');
      // Signing in again starts a new family with its own day.
      const again = await t.login('alice', 'wonderland');
      expect(again.body.refreshExpiresAt).toBe(new Date(T0 + 86_400_000 + 3600_000).toISOString());
      expect((await refresh(t, again.body.refreshToken)).status).toBe(200);
    });

    it('does not spend the token when Cognito fails', async () => {
      const t = await startTestBackend({ store: kind });
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
      const t = await startTestBackend({ store: kind });
      const token = await signedIn(t);
      await t.backend.users.resetPassword('alice', 'new-password');
      expect((await refresh(t, token)).body.error.code).toBe('invalid_refresh_token');

      const again = (await t.login('alice', 'new-password')).body.refreshToken;
      await t.backend.users.remove('alice');
      expect((await refresh(t, again)).body.error.code).toBe('invalid_refresh_token');
    });

    it('stores only SHA-256 hashes of refresh tokens', async () => {
      const database = await freshDatabase(kind);
      const t = await startTestBackend({ config: { database } });
      const t1 = await signedIn(t);
      const t2 = (await refresh(t, t1)).body.refreshToken;

      const db = await openDatabase(database);
      const hashes = (await db.all<{ token_hash: string }>('SELECT token_hash FROM refresh_tokens')).map((row) => row.token_hash);
      // No table at all holds a token in plaintext (backend_secrets holds the successor key only).
      const everything = await dumpAll(db);
      await db.close();
      for (const token of [t1, t2]) {
        expect(everything).not.toContain(token);
        expect(everything).not.toContain(Buffer.from(token, 'base64url').toString('hex'));
      }
      const sha = (token: string) => createHash('sha256').update(token).digest('hex');
      expect(hashes.sort()).toEqual([sha(t1), sha(t2)].sort());
    });
  });

  describe('POST /v1/auth/refresh grace window (a retry after a lost answer)', () => {
    it('answers the same successor when the just-rotated token is presented again', async () => {
      const t = await startTestBackend({ store: kind });
      const t1 = await signedIn(t);
      const identityId = (await t.backend.users.get('alice'))?.identityId;

      t.clock.advance(600);
      const first = await refresh(t, t1); // its answer is "lost"
      expect(first.status).toBe(200);

      t.clock.advance(29);
      const retry = await refresh(t, t1);
      expect(retry.status).toBe(200);
      expect(retry.body.refreshToken).toBe(first.body.refreshToken);
      expect(retry.body.refreshExpiresAt).toBe(first.body.refreshExpiresAt);
      // The OpenID part is fresh, as any refresh would give.
      expect(t.issuer.calls).toHaveLength(3);
      expect(retry.body.token).toBe(t.issuer.issuedTokens.at(-1));
      expect(retry.body.token).not.toBe(first.body.token);
      expect(retry.body.tokenExpiresAt).toBe(new Date(T0 + 629_000 + 900_000).toISOString());
      expect(retry.body.identityId).toBe(identityId);
      expect(retry.body.username).toBe('alice');
      expect(retry.body.buckets).toEqual(first.body.buckets);
      // Retrying again still works, and the successor is an ordinary live token.
      expect((await refresh(t, t1)).body.refreshToken).toBe(first.body.refreshToken);
      const next = await refresh(t, first.body.refreshToken);
      expect(next.status).toBe(200);
      expect(new Set([t1, first.body.refreshToken, next.body.refreshToken]).size).toBe(3);
      expect((await refresh(t, next.body.refreshToken)).status).toBe(200);
    });

    it('treats a presentation after the window as reuse and revokes the family', async () => {
      const t = await startTestBackend({ store: kind });
      const t1 = await signedIn(t);
      const t2 = (await refresh(t, t1)).body.refreshToken;

      t.clock.advance(30); // the window is [rotation, rotation + 30 s)
      const late = await refresh(t, t1);
      expect(late.status).toBe(401);
      expect(late.body.error.code).toBe('refresh_token_reused');
      const successor = await refresh(t, t2);
      expect(successor.status).toBe(401);
      expect(successor.body.error.code).toBe('invalid_refresh_token');
    });

    it('treats a presentation as reuse once the successor has been used, even within the window', async () => {
      const t = await startTestBackend({ store: kind });
      const t1 = await signedIn(t);
      const otherLogin = await signedIn(t);
      const t2 = (await refresh(t, t1)).body.refreshToken;
      const t3 = (await refresh(t, t2)).body.refreshToken;

      t.clock.advance(1);
      const replay = await refresh(t, t1);
      expect(replay.status).toBe(401);
      expect(replay.body.error.code).toBe('refresh_token_reused');
      expect((await refresh(t, t3)).body.error.code).toBe('invalid_refresh_token');
      // The middle token is reuse too (its successor was used), and another login is untouched.
      expect((await refresh(t, t2)).body.error.code).toBe('refresh_token_reused');
      expect((await refresh(t, otherLogin)).status).toBe(200);
    });

    it('does not resurrect a family ended by logout or a password reset', async () => {
      const t = await startTestBackend({ store: kind });
      const t1 = await signedIn(t);
      const t2 = (await refresh(t, t1)).body.refreshToken;
      expect((await logout(t, t2)).status).toBe(204);
      expect((await refresh(t, t1)).status).toBe(401);
      expect((await refresh(t, t2)).body.error.code).toBe('invalid_refresh_token');

      const u1 = await signedIn(t);
      const u2 = (await refresh(t, u1)).body.refreshToken;
      await t.backend.users.resetPassword('alice', 'new-password');
      expect((await refresh(t, u1)).status).toBe(401);
      expect((await refresh(t, u2)).body.error.code).toBe('invalid_refresh_token');
    });

    it('logging out with the just-rotated token ends the family', async () => {
      const t = await startTestBackend({ store: kind });
      const t1 = await signedIn(t);
      const t2 = (await refresh(t, t1)).body.refreshToken;
      const res = await logout(t, t1);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('invalid_refresh_token');
      expect((await refresh(t, t2)).body.error.code).toBe('invalid_refresh_token');
      expect((await refresh(t, t1)).status).toBe(401);
    });

    it('with a grace of 0 behaves as before: any second presentation is reuse', async () => {
      const t = await startTestBackend({ store: kind, config: { refreshGraceSeconds: 0 } });
      const t1 = await signedIn(t);
      const t2 = (await refresh(t, t1)).body.refreshToken;
      const again = await refresh(t, t1);
      expect(again.status).toBe(401);
      expect(again.body.error.code).toBe('refresh_token_reused');
      expect((await refresh(t, t2)).body.error.code).toBe('invalid_refresh_token');
    });

    it('lets two requests racing with the same token both succeed with the same successor', async () => {
      const t = await startTestBackend({ store: kind });
      const token = await signedIn(t);
      t.issuer.delayMs = 200;
      const [a, b] = await Promise.all([refresh(t, token), refresh(t, token)]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(a.body.refreshToken).toBe(b.body.refreshToken);
      expect(a.body.refreshExpiresAt).toBe(b.body.refreshExpiresAt);
      expect(a.body.refreshToken).not.toBe(token);
      t.issuer.delayMs = 0;
      expect((await refresh(t, a.body.refreshToken)).status).toBe(200);
    });

    it('still works after a backend restart, and every instance on the database derives the same successor', async () => {
      const database: DatabaseLocation = await freshDatabase(kind);
      const clock = new TestClock();
      const before = await startTestBackend({ config: { database }, clock });
      const t1 = await signedIn(before);
      const t2 = (await refresh(before, t1)).body.refreshToken;
      await before.backend.close();

      clock.advance(10);
      const after = await startTestBackend({ config: { database }, clock });
      const retry = await refresh(after, t1);
      expect(retry.status).toBe(200);
      expect(retry.body.refreshToken).toBe(t2);

      // One secret, generated once and kept; successors are HMAC-SHA256(secret, predecessor).
      const db = await openDatabase(database);
      const secrets = await db.all<{ value: Buffer }>('SELECT value FROM backend_secrets');
      await db.close();
      expect(secrets).toHaveLength(1);
      expect(secrets[0]?.value).toHaveLength(32);
      expect(createHmac('sha256', secrets[0]!.value).update(t1).digest('base64url')).toBe(t2);
      expect((await refresh(after, t2)).status).toBe(200);
    });
  });

  describe('POST /v1/auth/logout', () => {
    it('answers 204 and ends the whole family', async () => {
      const t = await startTestBackend({ store: kind });
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
      const t = await startTestBackend({ store: kind });
      expect((await logout(t, 'nope')).body.error.code).toBe('invalid_refresh_token');

      const t1 = await signedIn(t);
      const t2 = (await refresh(t, t1)).body.refreshToken;
      const stale = await logout(t, t1);
      expect(stale.status).toBe(401);
      expect(stale.body.error.code).toBe('invalid_refresh_token');
      expect((await refresh(t, t2)).body.error.code).toBe('invalid_refresh_token');
    });

    it('rejects malformed bodies with 400', async () => {
      const t = await startTestBackend({ store: kind });
      for (const body of [{}, { refreshToken: '' }, { refreshToken: 'x', extra: 1 }, { refreshToken: 5 }]) {
        const res = await t.post('/v1/auth/logout', body);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('invalid_request');
      }
      expect((await t.post('/v1/auth/refresh', { refreshToken: 'x'.repeat(513) })).status).toBe(400);
    });
  });
});
