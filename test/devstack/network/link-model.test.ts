import { describe, expect, it } from 'vitest';
import { DirectionSchedule, SharedLink } from '../../../devstack/network/link-model';

const MIB = 1024 * 1024;
const CHUNK = 64 * 1024;

/** Hands `total` bytes over in 64 KiB chunks, all at `atMs`, and returns when the last arrives. */
function sendAll(schedule: DirectionSchedule, total: number, atMs = 0): number {
  let last = 0;
  for (let sent = 0; sent < total; sent += CHUNK) last = schedule.releaseAt(Math.min(CHUNK, total - sent), atMs);
  return last;
}

describe('the link model (model time, no clocks)', () => {
  it('delays a chunk by the one-way delay on an uncapped link', () => {
    const schedule = new DirectionSchedule({ delayMs: 15, jitterMs: 0, bytesPerSecond: null, shared: null });
    expect(schedule.releaseAt(100, 1000)).toBe(1015);
    expect(schedule.releaseAt(100, 1003)).toBe(1018);
  });

  it('holds the first bytes of a connection until its handshake is over', () => {
    const schedule = new DirectionSchedule({ delayMs: 15, jitterMs: 0, bytesPerSecond: null, shared: null, notBeforeMs: 30 });
    expect(schedule.releaseAt(100, 0)).toBe(45);
  });

  it('serialises chunks at the connection’s rate: n bytes occupy the link n / rate seconds', () => {
    const schedule = new DirectionSchedule({ delayMs: 10, jitterMs: 0, bytesPerSecond: 8 * MIB, shared: null });
    expect(sendAll(schedule, 4 * MIB)).toBeCloseTo(500 + 10, 6);
    // An idle link does not bank credit: a chunk after a pause again takes its own time.
    expect(schedule.releaseAt(80 * 1024, 10_000)).toBeCloseTo(10_000 + (80 * 1024 * 1000) / (8 * MIB) + 10, 6);
  });

  it('gives every connection its own rate when there is no aggregate cap', () => {
    const one = new DirectionSchedule({ delayMs: 0, jitterMs: 0, bytesPerSecond: 8 * MIB, shared: null });
    const two = new DirectionSchedule({ delayMs: 0, jitterMs: 0, bytesPerSecond: 8 * MIB, shared: null });
    const a = sendAll(one, 4 * MIB);
    const b = sendAll(two, 4 * MIB);
    expect(a).toBeCloseTo(500, 6);
    expect(b).toBeCloseTo(500, 6);
  });

  it('shares an aggregate cap between connections', () => {
    const shared = new SharedLink(8 * MIB);
    const one = new DirectionSchedule({ delayMs: 0, jitterMs: 0, bytesPerSecond: 64 * MIB, shared });
    const two = new DirectionSchedule({ delayMs: 0, jitterMs: 0, bytesPerSecond: 64 * MIB, shared });
    let last = 0;
    // Interleaved, as two busy connections would hand chunks over.
    for (let sent = 0; sent < 4 * MIB; sent += CHUNK) last = Math.max(one.releaseAt(CHUNK, 0), two.releaseAt(CHUNK, 0));
    expect(last).toBeCloseTo(1000, 6);
  });

  it('jitters each chunk within ± the jitter but never releases a chunk before the one ahead of it', () => {
    const values = [0.999, 0, 0.5, 0, 0.999, 0.25];
    let i = 0;
    const schedule = new DirectionSchedule({ delayMs: 15, jitterMs: 2.5, bytesPerSecond: null, shared: null, random: () => values[i++ % values.length]! });
    const times = values.map((_, t) => schedule.releaseAt(10, t * 0.1));
    for (let k = 1; k < times.length; k++) expect(times[k]!).toBeGreaterThanOrEqual(times[k - 1]!);
    for (const [k, time] of times.entries()) {
      expect(time).toBeGreaterThanOrEqual(k * 0.1 + 15 - 2.5);
      expect(time).toBeLessThanOrEqual(k * 0.1 + 15 + 2.5 + 0.5);
    }
    expect(times[0]).toBeCloseTo(15 + 2.5 * 0.998, 6);
  });
});
