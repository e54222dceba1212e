import { describe, expect, it } from 'vitest';
import { tokenLifetimeMs } from '../../../main/session/token-lifetime';
import { backendSession } from '../helpers/sessions';

/** An unsigned, obviously fake JWT-shaped string carrying the given claims. */
function fakeJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'FAKE-SUBJECT', ...claims })}.FAKE-SIGNATURE`;
}

const ISSUED = Date.parse('2030-01-01T00:00:00Z');
const seconds = (ms: number) => Math.floor(ms / 1000);
const MINUTE = 60_000;

describe('tokenLifetimeMs', () => {
  describe('a JWT with exp and iat', () => {
    const token = fakeJwt({ iat: seconds(ISSUED), exp: seconds(ISSUED + 15 * MINUTE) });

    it('is exp − iat less one second (iat is rounded down to whole seconds)', () => {
      expect(tokenLifetimeMs(backendSession({ token }), ISSUED)).toBe(15 * MINUTE - 1_000);
    });

    it('does not depend on the local clock, however far off it is', () => {
      const session = backendSession({ token, tokenExpiresAt: new Date(ISSUED + 15 * MINUTE).toISOString() });
      for (const localNow of [ISSUED, ISSUED + 15 * MINUTE, ISSUED - 15 * MINUTE, ISSUED + 3 * 3_600_000]) {
        expect(tokenLifetimeMs(session, localNow)).toBe(15 * MINUTE - 1_000);
      }
    });

    it('ignores the backend Date header and tokenExpiresAt when the JWT says how long it lives', () => {
      const session = backendSession({ token, tokenExpiresAt: new Date(ISSUED + 2 * MINUTE).toISOString(), serverTimeMs: ISSUED });
      expect(tokenLifetimeMs(session, ISSUED)).toBe(15 * MINUTE - 1_000);
    });
  });

  describe('falls back when the JWT cannot be trusted', () => {
    const session = (token: string) =>
      backendSession({ token, tokenExpiresAt: new Date(ISSUED + 10 * MINUTE).toISOString(), serverTimeMs: ISSUED + 4 * MINUTE });
    const FROM_SERVER_TIME = 6 * MINUTE;

    it('exp earlier than iat', () => {
      expect(tokenLifetimeMs(session(fakeJwt({ iat: seconds(ISSUED), exp: seconds(ISSUED - MINUTE) })), ISSUED)).toBe(FROM_SERVER_TIME);
    });

    it('exp equal to iat (or within the one-second margin)', () => {
      expect(tokenLifetimeMs(session(fakeJwt({ iat: seconds(ISSUED), exp: seconds(ISSUED) })), ISSUED)).toBe(FROM_SERVER_TIME);
      expect(tokenLifetimeMs(session(fakeJwt({ iat: seconds(ISSUED), exp: seconds(ISSUED) + 1 })), ISSUED)).toBe(FROM_SERVER_TIME);
    });

    it('a lifetime of more than 48 hours', () => {
      const twoDaysAndASecond = fakeJwt({ iat: seconds(ISSUED), exp: seconds(ISSUED) + 48 * 3600 + 2 });
      expect(tokenLifetimeMs(session(twoDaysAndASecond), ISSUED)).toBe(FROM_SERVER_TIME);
      // Exactly 48 h after the one-second margin is still believed.
      const twoDays = fakeJwt({ iat: seconds(ISSUED), exp: seconds(ISSUED) + 48 * 3600 + 1 });
      expect(tokenLifetimeMs(session(twoDays), ISSUED)).toBe(48 * 3_600_000);
    });

    it('claims that are missing or not numbers', () => {
      expect(tokenLifetimeMs(session(fakeJwt({ exp: seconds(ISSUED + MINUTE) })), ISSUED)).toBe(FROM_SERVER_TIME);
      expect(tokenLifetimeMs(session(fakeJwt({ iat: String(seconds(ISSUED)), exp: String(seconds(ISSUED + MINUTE)) })), ISSUED)).toBe(
        FROM_SERVER_TIME,
      );
    });

    it('a token that is not a JWT at all (opaque, or a payload that is not base64url JSON)', () => {
      expect(tokenLifetimeMs(session('OPAQUE-FAKE-TOKEN'), ISSUED)).toBe(FROM_SERVER_TIME);
      expect(tokenLifetimeMs(session('eyJhbGciOiJub25lIn0.NOT-JSON.FAKE-SIGNATURE'), ISSUED)).toBe(FROM_SERVER_TIME);
    });
  });

  describe('without a usable JWT', () => {
    const opaque = 'OPAQUE-FAKE-TOKEN';
    const expiresAt = new Date(ISSUED + 10 * MINUTE).toISOString();

    it('measures tokenExpiresAt against the backend Date header, not the local clock', () => {
      const session = backendSession({ token: opaque, tokenExpiresAt: expiresAt, serverTimeMs: ISSUED });
      // A local clock 15 minutes ahead would otherwise see the token as already expired.
      expect(tokenLifetimeMs(session, ISSUED + 15 * MINUTE)).toBe(10 * MINUTE);
      expect(tokenLifetimeMs(session, ISSUED - 15 * MINUTE)).toBe(10 * MINUTE);
    });

    it('falls back to the local clock when the backend sent no Date header', () => {
      const session = backendSession({ token: opaque, tokenExpiresAt: expiresAt });
      expect(session.serverTimeMs).toBeUndefined();
      expect(tokenLifetimeMs(session, ISSUED + 3 * MINUTE)).toBe(7 * MINUTE);
    });

    it('is never negative: an already expired token has no lifetime left', () => {
      const session = backendSession({ token: opaque, tokenExpiresAt: expiresAt });
      expect(tokenLifetimeMs(session, ISSUED + 11 * MINUTE)).toBe(0);
    });
  });
});
