import { describe, expect, it } from 'vitest';
import { mostlyWaiting, startTiming } from '../../../main/browse/range-listing/mostly-waiting';

describe('splitting a listing pays only while its pages are mostly waiting', () => {
  it('a page that kept this process busy (parsing on loopback, a slow computer) is listed on sequentially', () => {
    expect(mostlyWaiting({ elapsedMs: 30, busyFraction: 1.2 })).toBe(false);
    expect(mostlyWaiting({ elapsedMs: 30, busyFraction: 0.75 })).toBe(false);
  });

  it('a page that mostly waited on the network and the server is worth splitting', () => {
    expect(mostlyWaiting({ elapsedMs: 90, busyFraction: 0.25 })).toBe(true);
    expect(mostlyWaiting({ elapsedMs: 120, busyFraction: 0.5 })).toBe(true);
  });

  it('the timing measures wall time and the share of a core this process used meanwhile', async () => {
    const done = startTiming();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const timing = done();
    expect(timing.elapsedMs).toBeGreaterThan(0);
    // Cores' worth of CPU: 0 while waiting; above 1 is possible (the process has threads besides the loop's).
    expect(timing.busyFraction).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(timing.busyFraction)).toBe(true);
  });
});
