import { describe, expect, it } from 'vitest';
import { describeProfile, isUnshaped, NETWORK_PROFILES, parseProfile, PROFILE_NAMES } from '../../../devstack/network/network-profile';

const MIB = 1024 * 1024;

describe('network profiles', () => {
  it('names loopback (nothing added, no proxy) and wan (30 ms ± 5 ms, 64 MiB/s per connection, no aggregate cap)', () => {
    expect(PROFILE_NAMES).toEqual(['loopback', 'wan']);
    expect(NETWORK_PROFILES.loopback).toEqual({ name: 'loopback', latencyMs: 0, jitterMs: 0, connectionBytesPerSecond: null, aggregateBytesPerSecond: null });
    expect(NETWORK_PROFILES.wan).toEqual({ name: 'wan', latencyMs: 30, jitterMs: 5, connectionBytesPerSecond: 64 * MIB, aggregateBytesPerSecond: null });
    expect(isUnshaped(NETWORK_PROFILES.loopback)).toBe(true);
    expect(isUnshaped(NETWORK_PROFILES.wan)).toBe(false);
  });

  it('parses a name into a copy of its profile', () => {
    const wan = parseProfile('wan');
    expect(wan).toEqual(NETWORK_PROFILES.wan);
    wan.latencyMs = 1;
    expect(NETWORK_PROFILES.wan.latencyMs).toBe(30);
  });

  it('applies overrides, and calls the result custom once a value changed', () => {
    expect(parseProfile('wan', { latencyMs: 80, aggregateBytesPerSecond: 100 * MIB })).toEqual({
      name: 'custom',
      latencyMs: 80,
      jitterMs: 5,
      connectionBytesPerSecond: 64 * MIB,
      aggregateBytesPerSecond: 100 * MIB,
    });
    expect(parseProfile('wan', { connectionBytesPerSecond: null }).connectionBytesPerSecond).toBeNull();
    expect(parseProfile('loopback', { connectionBytesPerSecond: 8 * MIB })).toMatchObject({ name: 'custom', latencyMs: 0 });
    expect(parseProfile('wan', { latencyMs: 30, jitterMs: 5 }).name).toBe('wan');
  });

  it('refuses unknown names and impossible values with a sentence that says what is allowed', () => {
    expect(() => parseProfile('moon')).toThrow('Unknown network profile "moon": use one of loopback, wan.');
    expect(() => parseProfile('WAN')).toThrow(/Unknown network profile/);
    expect(() => parseProfile('wan', { latencyMs: -1 })).toThrow('The latency must be a number of milliseconds from 0 to 60000, not -1.');
    expect(() => parseProfile('wan', { latencyMs: Number.NaN })).toThrow(/latency must be/);
    expect(() => parseProfile('wan', { jitterMs: 31 })).toThrow('The jitter (31 ms) cannot exceed the round-trip latency (30 ms): a delay cannot be negative.');
    expect(() => parseProfile('wan', { connectionBytesPerSecond: 0 })).toThrow(/per-connection bandwidth must be a positive number/);
    expect(() => parseProfile('wan', { aggregateBytesPerSecond: Infinity })).toThrow(/aggregate bandwidth must be a positive number/);
  });

  it('describes a profile in one line for the ready banner', () => {
    expect(describeProfile(NETWORK_PROFILES.loopback)).toBe('loopback: no added latency, no bandwidth limit');
    expect(describeProfile(NETWORK_PROFILES.wan)).toBe('wan: 30 ms round trip ± 5 ms, 64 MiB/s per connection, no aggregate limit');
    expect(describeProfile(parseProfile('wan', { jitterMs: 0, aggregateBytesPerSecond: 1.5 * MIB }))).toBe(
      'custom: 30 ms round trip, 64 MiB/s per connection, 1.5 MiB/s in all',
    );
  });
});
