import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WallClockTimer } from '../../../main/shared/wall-clock-timer';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const SECOND = 1_000;
const MINUTE = 60_000;

describe('WallClockTimer', () => {
  beforeEach(() => {
    // setTimeout runs on the fake timer clock; vi.setSystemTime moves Date alone, like a laptop waking from sleep.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires at the deadline, not before', () => {
    const timer = new WallClockTimer({ maxStepMs: 15 * SECOND });
    const fired = vi.fn();
    timer.at(T0 + 14 * MINUTE, fired);
    vi.advanceTimersByTime(14 * MINUTE - 1);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(Date.now()).toBe(T0 + 14 * MINUTE);
    expect(timer.scheduledFor()).toBeNull();
    // Once only.
    vi.advanceTimersByTime(10 * MINUTE);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('sleeps in steps of at most maxStepMs, never one long timer', () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const timer = new WallClockTimer({ maxStepMs: 15 * SECOND });
    timer.at(T0 + MINUTE + 5 * SECOND, vi.fn());
    vi.advanceTimersByTime(MINUTE + 5 * SECOND);
    const delays = setTimeoutSpy.mock.calls.map((call) => call[1]);
    expect(delays).toEqual([15 * SECOND, 15 * SECOND, 15 * SECOND, 15 * SECOND, 5 * SECOND]);
    setTimeoutSpy.mockRestore();
  });

  it('defaults to 15-second steps', () => {
    const timer = new WallClockTimer();
    timer.at(T0 + 14 * MINUTE, vi.fn());
    expect(vi.getTimerCount()).toBe(1);
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    vi.advanceTimersByTime(15 * SECOND);
    expect(setTimeoutSpy).toHaveBeenCalledWith(expect.any(Function), 15 * SECOND);
    setTimeoutSpy.mockRestore();
  });

  describe('after the computer slept past the deadline (Date jumped, timers did not run)', () => {
    it('check() fires at once', () => {
      const timer = new WallClockTimer({ maxStepMs: 15 * SECOND });
      const fired = vi.fn();
      timer.at(T0 + 14 * MINUTE, fired);
      vi.setSystemTime(T0 + 60 * MINUTE);
      expect(fired).not.toHaveBeenCalled();
      timer.check();
      expect(fired).toHaveBeenCalledTimes(1);
      expect(timer.scheduledFor()).toBeNull();
      expect(vi.getTimerCount()).toBe(0);
    });

    it('without check(), fires on the next step (within maxStepMs), not after the whole 14 minutes a plain timer would still wait', () => {
      const timer = new WallClockTimer({ maxStepMs: 15 * SECOND });
      const fired = vi.fn();
      timer.at(T0 + 14 * MINUTE, fired);
      vi.advanceTimersByTime(4 * SECOND);
      vi.setSystemTime(T0 + 60 * MINUTE);
      // The current step still has 11 s to run on the monotonic clock.
      vi.advanceTimersByTime(11 * SECOND - 1);
      expect(fired).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(fired).toHaveBeenCalledTimes(1);
    });

    it('check() before the deadline re-arms without firing', () => {
      const timer = new WallClockTimer({ maxStepMs: 15 * SECOND });
      const fired = vi.fn();
      timer.at(T0 + 14 * MINUTE, fired);
      vi.setSystemTime(T0 + 10 * MINUTE);
      timer.check();
      expect(fired).not.toHaveBeenCalled();
      expect(vi.getTimerCount()).toBe(1);
      expect(timer.scheduledFor()).toBe(T0 + 14 * MINUTE);
      vi.advanceTimersByTime(4 * MINUTE);
      expect(fired).toHaveBeenCalledTimes(1);
    });
  });

  it('at() replaces the earlier schedule: only the newest callback runs, at its own time', () => {
    const timer = new WallClockTimer({ maxStepMs: 15 * SECOND });
    const first = vi.fn();
    const second = vi.fn();
    timer.at(T0 + MINUTE, first);
    timer.at(T0 + 2 * MINUTE, second);
    expect(timer.scheduledFor()).toBe(T0 + 2 * MINUTE);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(MINUTE);
    expect(second).not.toHaveBeenCalled();
    vi.advanceTimersByTime(MINUTE);
    expect(second).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10 * MINUTE);
    expect(first).not.toHaveBeenCalled();
  });

  it('cancel() stops it: nothing fires, nothing is scheduled, check() does nothing', () => {
    const timer = new WallClockTimer({ maxStepMs: 15 * SECOND });
    const fired = vi.fn();
    timer.at(T0 + MINUTE, fired);
    timer.cancel();
    expect(timer.scheduledFor()).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10 * MINUTE);
    vi.setSystemTime(T0 + 60 * MINUTE);
    timer.check();
    expect(fired).not.toHaveBeenCalled();
  });

  it('a deadline already past fires synchronously inside at(), scheduling nothing', () => {
    const timer = new WallClockTimer({ maxStepMs: 15 * SECOND });
    const fired = vi.fn();
    timer.at(T0 - SECOND, fired);
    expect(fired).toHaveBeenCalledTimes(1);
    timer.at(T0, fired);
    expect(fired).toHaveBeenCalledTimes(2);
    expect(timer.scheduledFor()).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('scheduledFor() is the pending deadline in wall-clock ms, or null', () => {
    const timer = new WallClockTimer({ maxStepMs: 15 * SECOND });
    expect(timer.scheduledFor()).toBeNull();
    timer.at(T0 + 5 * MINUTE, vi.fn());
    expect(timer.scheduledFor()).toBe(T0 + 5 * MINUTE);
    vi.advanceTimersByTime(2 * MINUTE);
    expect(timer.scheduledFor()).toBe(T0 + 5 * MINUTE);
  });

  it('may reschedule itself from inside its own callback', () => {
    const timer = new WallClockTimer({ maxStepMs: 15 * SECOND });
    const times: number[] = [];
    const tick = () => {
      times.push(Date.now());
      if (times.length < 3) timer.at(Date.now() + MINUTE, tick);
    };
    timer.at(T0 + MINUTE, tick);
    vi.advanceTimersByTime(10 * MINUTE);
    expect(times).toEqual([T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE]);
  });

  it('uses an injected clock when given one', () => {
    let wall = T0;
    const timer = new WallClockTimer({ now: () => wall, maxStepMs: 15 * SECOND });
    const fired = vi.fn();
    timer.at(T0 + 10 * MINUTE, fired);
    wall = T0 + 10 * MINUTE;
    vi.advanceTimersByTime(15 * SECOND);
    expect(fired).toHaveBeenCalledTimes(1);
  });
});
