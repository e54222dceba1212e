import { describe, expect, it } from 'vitest';
import { runSoak } from '../../scripts/soak/run-soak';

/**
 * The soak command's engine, run as tests: the real session services under
 * continuous load against a private local stack whose tokens and credentials
 * expire every few seconds. These take real time (a minute, then 45 s) —
 * what they prove (no failed call across dozens of refreshes, recovery
 * after an outage) cannot be shown with fake timers.
 */
describe('soak: continuous S3 calls while tokens and credentials expire', () => {
  it('a minute of listing with 5 s tokens, 10 s credentials and 100 callers: many refreshes, zero failures, never two at once', async () => {
    const result = await runSoak({ seconds: 60, tokenLifetimeSeconds: 5, credentialLifetimeSeconds: 10, concurrency: 100 });
    expect(result.failures, JSON.stringify(result.failureCodes)).toBe(0);
    expect(result.calls).toBeGreaterThan(1_000);
    // Tokens refresh at 80% of (5 s − 1 s of iat rounding), credentials at 75% of 10 s.
    expect(result.tokenRefreshes).toBeGreaterThanOrEqual(10);
    expect(result.credentialRefreshes).toBeGreaterThanOrEqual(6);
    expect(result.maxConcurrentRefreshes).toBe(1);
  }, 120_000);

  it('the backend down for 30 s mid-session: calls fail only once credentials run out, then recover by themselves', async () => {
    const result = await runSoak({
      seconds: 45,
      tokenLifetimeSeconds: 5,
      credentialLifetimeSeconds: 10,
      concurrency: 20,
      backendOutage: { atSecond: 5, seconds: 30 },
    });
    expect(Object.keys(result.failureCodes)).toEqual(['backend_unreachable']);
    // Back at 35 s; the credential cache retries at most 5 s apart.
    expect(result.lastFailureAtSecond).toBeLessThan(42);
    expect(result.callsAfterLastFailure).toBeGreaterThan(100);
    expect(result.maxConcurrentRefreshes).toBe(1);
  }, 120_000);

  it.each([900, -900])('AWS clock skewed by %i s against ours: zero failures (SDK clock correction, lifetimes on AWS time)', async (skew) => {
    const result = await runSoak({ seconds: 8, tokenLifetimeSeconds: 5, credentialLifetimeSeconds: 10, concurrency: 20, clockSkewSeconds: skew });
    expect(result.failures, JSON.stringify(result.failureCodes)).toBe(0);
    expect(result.calls).toBeGreaterThan(100);
    expect(result.maxConcurrentRefreshes).toBe(1);
  }, 60_000);

  it('Cognito throttling GetCredentialsForIdentity a few times: the SDK backs off and retries, no call fails', async () => {
    const result = await runSoak({
      seconds: 12,
      tokenLifetimeSeconds: 5,
      credentialLifetimeSeconds: 10,
      concurrency: 20,
      faults: [{ operation: 'GetCredentialsForIdentity', kind: 'throttle', count: 2 }],
    });
    expect(result.failures, JSON.stringify(result.failureCodes)).toBe(0);
    expect(result.getCredentialsCalls).toBeGreaterThan(result.credentialRefreshes);
  }, 60_000);
});
