import { describe, expect, it } from 'vitest';
import { mostlyWaiting, startTiming } from '../../../main/browse/range-listing/mostly-waiting';

describe('splitting a listing pays only while its pages are mostly waiting', () => {
  it('a page that kept this process busy (parsing on loopback, a loaded machine) is listed on sequentially', () => {
    expect(mostlyWaiting({ elapsedMs: 30, busyFraction: 0.7 })).toBe(false);
    expect(mostlyWaiting({ elapsedMs: 30, busyFraction: 0.5 })).toBe(false);
  });

  it('a page that mostly waited on the network and the server is worth splitting', () => {
    expect(mostlyWaiting({ elapsedMs: 90, busyFraction: 0.25 })).toBe(true);
  });

  it('the timing measures wall time and how busy the event loop was meanwhile', async () => {
    const done = startTiming();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const timing = done();
    expect(timing.elapsedMs).toBeGreaterThan(0);
    expect(timing.busyFraction).toBeGreaterThanOrEqual(0);
    expect(timing.busyFraction).toBeLessThanOrEqual(1);
  });
});
