import { describe, expect, it } from 'vitest';
import { DEFAULT_LOAD_OPTIONS, parseLoadArgs } from '../../scripts/backend-load/load-options';
import { LoadTally, percentile } from '../../scripts/backend-load/load-tally';

describe('npm run backend:load options', () => {
  it('defaults to three instances on PostgreSQL', () => {
    expect(parseLoadArgs([])).toEqual(DEFAULT_LOAD_OPTIONS);
    expect(DEFAULT_LOAD_OPTIONS).toMatchObject({ store: 'postgres', instances: 3 });
  });

  it('reads the sizes of the run', () => {
    expect(parseLoadArgs(['--instances', '3', '--clients', '200', '--seconds', '60', '--racing-share', '0.5', '--refreshes-per-login', '5'])).toEqual({
      store: 'postgres',
      instances: 3,
      clients: 200,
      seconds: 60,
      racingShare: 0.5,
      refreshesPerLogin: 5,
    });
  });

  it('runs SQLite as one instance, the comparison under the same load', () => {
    expect(parseLoadArgs(['--store', 'sqlite', '--clients', '200'])).toMatchObject({ store: 'sqlite', instances: 1, clients: 200 });
    expect(() => parseLoadArgs(['--store', 'sqlite', '--instances', '3'])).toThrow('--store sqlite runs exactly one instance');
  });

  it.each([
    [['--instances', '0'], '--instances must be a whole number from 1 to 16, not "0"'],
    [['--clients', '2.5'], '--clients must be a whole number from 1 to 2000, not "2.5"'],
    [['--seconds', '-1'], '--seconds must be a whole number from 1 to 3600, not "-1"'],
    [['--racing-share', '2'], '--racing-share must be a number from 0 to 1, not "2"'],
    [['--store', 'mysql'], '--store must be postgres or sqlite, not "mysql"'],
    [['--clients'], '--clients needs a value'],
    [['--workers', '2'], 'Unknown option "--workers"'],
  ])('refuses %j with a reason', (args, message) => {
    expect(() => parseLoadArgs(args)).toThrow(message);
  });
});

describe('the load line', () => {
  it('takes nearest-rank percentiles of every request', () => {
    const sorted = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBe(0);
  });

  it('counts errors by kind and times the sign-ins apart from the run', () => {
    const tally = new LoadTally();
    for (const ms of [30, 10, 20]) tally.request(ms);
    tally.signInRequest(900);
    tally.error('login 503 identity_service_unavailable');
    tally.error('login 503 identity_service_unavailable');
    tally.lostRotations++;
    expect(tally.result({ store: 'postgres', instances: 2, clients: 1, seconds: 1 })).toEqual({
      store: 'postgres',
      instances: 2,
      clients: 1,
      seconds: 1,
      requests: 3,
      errors: 2,
      p50Ms: 20,
      p99Ms: 30,
      lostRotations: 1,
      doubleSuccessors: 0,
      races: 0,
      signIns: 1,
      signInP50Ms: 900,
      signInP99Ms: 900,
      errorKinds: { 'login 503 identity_service_unavailable': 2 },
    });
  });
});
