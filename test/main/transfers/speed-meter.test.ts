import { describe, expect, it } from 'vitest';
import { SpeedMeter } from '../../../main/transfers/speed-meter';

describe('SpeedMeter', () => {
  it('measures the last few seconds, not the average since the start', () => {
    const meter = new SpeedMeter(3_000);
    meter.reset(0);
    // 10 MB/s for ten seconds, then 1 MB/s.
    for (let t = 100; t <= 10_000; t += 100) meter.add(1_000_000, t);
    expect(meter.bytesPerSecond(10_000)).toBeCloseTo(10_000_000, -5);
    for (let t = 10_100; t <= 16_000; t += 100) meter.add(100_000, t);
    expect(meter.bytesPerSecond(16_000)).toBeCloseTo(1_000_000, -4);
  });

  it('falls to 0 when bytes stop moving', () => {
    const meter = new SpeedMeter(3_000);
    meter.reset(0);
    for (let t = 100; t <= 2_000; t += 100) meter.add(500_000, t);
    expect(meter.bytesPerSecond(2_000)).toBeGreaterThan(0);
    expect(meter.bytesPerSecond(5_500)).toBe(0);
  });

  it('does not report an absurd speed for a first burst', () => {
    const meter = new SpeedMeter(3_000);
    meter.reset(1_000);
    meter.add(8_000_000, 1_001);
    expect(meter.bytesPerSecond(1_001)).toBe(16_000_000);
  });
});
