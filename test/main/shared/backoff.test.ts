import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../../main/shared/backoff';

/** random() → 0 gives the fixed half of the delay, random() → just under 1 gives the whole ceiling. */
const lowest = () => 0;
const highest = () => 0.999_999;

describe('retryDelayMs (exponential backoff with equal jitter)', () => {
  it('doubles the ceiling with each attempt, starting from baseMs', () => {
    const ceilings = [0, 1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, { baseMs: 100, maxMs: 1_000_000, random: highest }));
    expect(ceilings).toEqual([100, 200, 400, 800, 1600]);
  });

  it('never waits less than half the ceiling, so a dead backend is not hammered', () => {
    const floors = [0, 1, 2, 3].map((attempt) => retryDelayMs(attempt, { baseMs: 100, maxMs: 1_000_000, random: lowest }));
    expect(floors).toEqual([50, 100, 200, 400]);
  });

  it('defaults to a 1 s base and a 60 s cap', () => {
    expect(retryDelayMs(0, { random: highest })).toBe(1_000);
    expect(retryDelayMs(0, { random: lowest })).toBe(500);
    expect(retryDelayMs(20, { random: highest })).toBe(60_000);
    expect(retryDelayMs(20, { random: lowest })).toBe(30_000);
  });

  it('caps the ceiling at maxMs however many attempts have failed (even absurdly many)', () => {
    for (const attempt of [5, 6, 10, 31, 1_000, Number.MAX_SAFE_INTEGER]) {
      expect(retryDelayMs(attempt, { baseMs: 500, maxMs: 5_000, random: highest })).toBe(5_000);
      expect(retryDelayMs(attempt, { baseMs: 500, maxMs: 5_000, random: lowest })).toBe(2_500);
    }
  });

  it('treats a negative attempt like the first one', () => {
    expect(retryDelayMs(-3, { baseMs: 100, random: highest })).toBe(100);
  });

  it('keeps the jittered delay within [ceiling/2, ceiling] for any random value', () => {
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const ceiling = Math.min(8_000, 250 * 2 ** attempt);
      for (const r of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999_999]) {
        const delay = retryDelayMs(attempt, { baseMs: 250, maxMs: 8_000, random: () => r });
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
    // Math.random by default: still inside the band.
    for (let i = 0; i < 200; i += 1) {
      const delay = retryDelayMs(3, { baseMs: 1_000, maxMs: 60_000 });
      expect(delay).toBeGreaterThanOrEqual(4_000);
      expect(delay).toBeLessThanOrEqual(8_000);
    }
  });

  it('is deterministic with an injected random: the same inputs give the same delay, and the random half scales linearly', () => {
    const options = { baseMs: 1_000, maxMs: 60_000, random: () => 0.5 };
    expect(retryDelayMs(2, options)).toBe(retryDelayMs(2, options));
    // ceiling 4000: 2000 fixed + 0.5 × 2000 random.
    expect(retryDelayMs(2, options)).toBe(3_000);
    expect(retryDelayMs(2, { ...options, random: () => 0.25 })).toBe(2_500);
  });

  it('spreads many clients over the band rather than bringing them back in lockstep', () => {
    const delays = new Set([0, 0.2, 0.4, 0.6, 0.8].map((r) => retryDelayMs(4, { baseMs: 1_000, random: () => r })));
    expect(delays.size).toBe(5);
  });
});
