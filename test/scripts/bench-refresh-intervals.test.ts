import { describe, expect, it } from 'vitest';
import { refreshIntervalMs, wholeIntervalsMs } from '../../scripts/bench/refresh-intervals';

describe('frames counted in refresh intervals', () => {
  it('learns the interval from idle frames, a stall among them left out', () => {
    expect(refreshIntervalMs([16.7, 16.6, 16.7, 16.7, 16.6, 16.7, 33.3, 50.0])).toBeCloseTo(16.667, 2);
    expect(() => refreshIntervalMs([])).toThrow(/idle frames/);
  });

  it('learns nothing when most idle frames were stalled, and then keeps frames as the clock read them', () => {
    expect(refreshIntervalMs([33.3, 33.4, 33.3, 33.3, 16.7])).toBeNull();
    expect(wholeIntervalsMs(50.1, null)).toBe(50.1);
  });

  it('reads a frame three intervals long as 50.0 ms, whichever way the 0.1 ms clock rounded it', () => {
    for (const measured of [49.9, 50.0, 50.1]) expect(wholeIntervalsMs(measured, 16.667)).toBe(50);
  });

  it('keeps longer frames as long as they were', () => {
    expect(wholeIntervalsMs(66.8, 16.667)).toBe(66.7);
    expect(wholeIntervalsMs(83.3, 16.667)).toBe(83.3);
    expect(wholeIntervalsMs(16.6, 16.667)).toBe(16.7);
  });
});
