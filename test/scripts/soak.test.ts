import { describe, expect, it } from 'vitest';
import { runSoak } from '../../scripts/soak/run-soak';

/**
 * The soak command's engine, run as tests: the real session services under
 * continuous load against a private local stack whose tokens and credentials
 * expire every few seconds. These take real time (a minute, then 45 s) —
 * what they prove (no failed call across dozens of refreshes, recovery
 * after an outage) cannot be shown with fake timers. They assert properties,
 * not counts that depend on how fast the machine is: on a busy machine fewer
 * calls happen and timers fire late, but no call may fail and no two refreshes
 * may ever overlap.
 */
describe('soak: continuous S3 calls while tokens and credentials expire', () => {
  // Lifetimes of 30 s and 40 s rather than the 5 s and 10 s used elsewhere: on a machine whose cores are
  // busy, one process hosting the emulator, the backend and 100 callers can stall for longer than a short
  // lifetime's refresh margin (a fifth of it), and credentials that expire while their request waits in a
  // queue are a stall, not a refresh bug (real ones last an hour). With 15 s and 20 s, a heavily loaded machine
  // saw two requests rejected twice in a row (session_expired).
  it('a minute and a half of listing with 30 s tokens, 40 s credentials and 100 callers: refreshes, zero failures, never two at once', async () => {
    const result = await runSoak({ seconds: 90, tokenLifetimeSeconds: 30, credentialLifetimeSeconds: 40, concurrency: 100 });
    expect(result.failures, JSON.stringify(result.failureCodes)).toBe(0);
    expect(result.calls).toBeGreaterThan(0);
    // Ninety seconds are three token lifetimes and two and a quarter credential lifetimes: both were renewed more than once.
    expect(result.tokenRefreshes).toBeGreaterThanOrEqual(2);
    expect(result.credentialRefreshes).toBeGreaterThanOrEqual(2);
    expect(result.maxConcurrentRefreshes).toBe(1);
  }, 180_000);

  it('the backend down for 30 s mid-session: calls fail only once credentials run out, then recover by themselves', async () => {
    const result = await runSoak({
      seconds: 45,
      tokenLifetimeSeconds: 5,
      credentialLifetimeSeconds: 10,
      concurrency: 20,
      backendOutage: { atSecond: 5, seconds: 30 },
    });
    expect(Object.keys(result.failureCodes)).toEqual(['backend_unreachable']);
    // The backend is back at 35 s: calls succeed again before the run ends, without anyone stepping in.
    expect(result.lastFailureAtSecond).toBeGreaterThanOrEqual(5);
    expect(result.callsAfterLastFailure).toBeGreaterThan(0);
    expect(result.maxConcurrentRefreshes).toBe(1);
  }, 120_000);

  it.each([900, -900])('AWS clock skewed by %i s against ours: zero failures (SDK clock correction, lifetimes on AWS time)', async (skew) => {
    const result = await runSoak({ seconds: 8, tokenLifetimeSeconds: 5, credentialLifetimeSeconds: 10, concurrency: 20, clockSkewSeconds: skew });
    expect(result.failures, JSON.stringify(result.failureCodes)).toBe(0);
    expect(result.calls).toBeGreaterThan(0);
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
