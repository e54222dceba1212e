import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../main/shared/logger';
import { ChangeNotifier } from '../../../main/transfers/change-notifier';

describe('ChangeNotifier', () => {
  let version = 0;
  let seen: number[];
  let notifier: ChangeNotifier<number>;
  beforeEach(() => {
    vi.useFakeTimers();
    version = 0;
    seen = [];
    notifier = new ChangeNotifier(() => version, silentLogger, 200);
    notifier.subscribe((snapshot) => seen.push(snapshot));
  });
  afterEach(() => {
    notifier.dispose();
    vi.useRealTimers();
  });

  it('sends status changes in the same tick, several coalesced into one fresh snapshot', async () => {
    version = 1;
    notifier.urgent();
    version = 2;
    notifier.urgent();
    expect(seen).toEqual([]);
    await Promise.resolve();
    expect(seen).toEqual([2]);
  });

  it('sends progress at most once per interval, the latest numbers each time', () => {
    // 100 progress updates over one second → five or six events, not a hundred.
    for (let i = 1; i <= 100; i++) {
      version = i;
      notifier.soon();
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(200);
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(seen.length).toBeLessThanOrEqual(6);
    expect(seen.at(-1)).toBe(100);
  });

  it('a listener that throws does not stop the others; nothing is sent after dispose', async () => {
    const other: number[] = [];
    notifier.subscribe(() => {
      throw new Error('broken window');
    });
    notifier.subscribe((snapshot) => other.push(snapshot));
    version = 7;
    notifier.urgent();
    await Promise.resolve();
    expect(other).toEqual([7]);
    notifier.dispose();
    notifier.urgent();
    notifier.soon();
    await Promise.resolve();
    vi.advanceTimersByTime(1_000);
    expect(other).toEqual([7]);
  });

  it('keeps sending while busy, so numbers that depend on time still reach the screen; then stops by itself', () => {
    let busy = true;
    notifier.keepAlive(() => busy, 1_000);
    notifier.keepAlive(() => busy, 1_000);
    vi.advanceTimersByTime(3_000);
    expect(seen).toHaveLength(3);
    busy = false;
    vi.advanceTimersByTime(1_000);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(3_000);
    expect(seen).toHaveLength(3);
  });

  it('dispose stops the heartbeat', () => {
    notifier.keepAlive(() => true, 1_000);
    notifier.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});
