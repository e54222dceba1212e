/**
 * Network profiles for the local stack: how the link between every client
 * and the AWS emulator behaves (devstack/README.md, "Network profiles").
 */

export const PROFILE_NAMES = ['loopback', 'wan'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export interface NetworkProfile {
  /** 'custom' once an override changed one of the named profile's values. */
  name: ProfileName | 'custom';
  /** Round trip added to every exchange, ms: each direction is delayed by half of it. */
  latencyMs: number;
  /** The round trip varies by up to ± this, ms (each direction by up to ± half of it); never reorders bytes. */
  jitterMs: number;
  /** Per TCP connection, per direction; null = unlimited. */
  connectionBytesPerSecond: number | null;
  /** All connections together, per direction; null = unlimited. */
  aggregateBytesPerSecond: number | null;
}

export interface ProfileOverrides {
  latencyMs?: number;
  jitterMs?: number;
  connectionBytesPerSecond?: number | null;
  aggregateBytesPerSecond?: number | null;
}

const MIB = 1024 * 1024;

export const NETWORK_PROFILES: Record<ProfileName, NetworkProfile> = {
  /** The emulator's own port, no proxy at all. */
  loopback: { name: 'loopback', latencyMs: 0, jitterMs: 0, connectionBytesPerSecond: null, aggregateBytesPerSecond: null },
  /** S3 in a nearby region over a good internet connection. */
  wan: { name: 'wan', latencyMs: 30, jitterMs: 5, connectionBytesPerSecond: 64 * MIB, aggregateBytesPerSecond: null },
};

/** Longest round trip a profile may add: a minute is already far beyond any real network. */
export const MAX_LATENCY_MS = 60_000;

export function isProfileName(name: string): name is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(name);
}

/**
 * The named profile with `overrides` applied; throws an Error with a
 * sentence a person can act on for an unknown name or an impossible value.
 */
export function parseProfile(name: string, overrides: ProfileOverrides = {}): NetworkProfile {
  if (!isProfileName(name)) {
    throw new Error(`Unknown network profile "${name}": use one of ${PROFILE_NAMES.join(', ')}.`);
  }
  const base = NETWORK_PROFILES[name];
  const profile: NetworkProfile = { ...base };
  if (overrides.latencyMs !== undefined) profile.latencyMs = milliseconds(overrides.latencyMs, 'latency');
  if (overrides.jitterMs !== undefined) profile.jitterMs = milliseconds(overrides.jitterMs, 'jitter');
  if (overrides.connectionBytesPerSecond !== undefined) profile.connectionBytesPerSecond = rate(overrides.connectionBytesPerSecond, 'per-connection bandwidth');
  if (overrides.aggregateBytesPerSecond !== undefined) profile.aggregateBytesPerSecond = rate(overrides.aggregateBytesPerSecond, 'aggregate bandwidth');
  if (profile.jitterMs > profile.latencyMs) {
    throw new Error(`The jitter (${profile.jitterMs} ms) cannot exceed the round-trip latency (${profile.latencyMs} ms): a delay cannot be negative.`);
  }
  const changed =
    profile.latencyMs !== base.latencyMs ||
    profile.jitterMs !== base.jitterMs ||
    profile.connectionBytesPerSecond !== base.connectionBytesPerSecond ||
    profile.aggregateBytesPerSecond !== base.aggregateBytesPerSecond;
  if (changed) profile.name = 'custom';
  return profile;
}

/** True when the profile changes nothing: the stack then runs no proxy at all. */
export function isUnshaped(profile: NetworkProfile): boolean {
  return profile.latencyMs === 0 && profile.jitterMs === 0 && profile.connectionBytesPerSecond === null && profile.aggregateBytesPerSecond === null;
}

/** One line for a banner, e.g. "wan: 30 ms round trip ± 5 ms, 64 MiB/s per connection, no aggregate limit". */
export function describeProfile(profile: NetworkProfile): string {
  if (isUnshaped(profile)) return `${profile.name}: no added latency, no bandwidth limit`;
  const perSecond = (bytes: number | null) => (bytes === null ? null : `${formatMiB(bytes)} MiB/s`);
  return [
    `${profile.name}: ${profile.latencyMs} ms round trip${profile.jitterMs > 0 ? ` ± ${profile.jitterMs} ms` : ''}`,
    perSecond(profile.connectionBytesPerSecond) ? `${perSecond(profile.connectionBytesPerSecond)} per connection` : 'no per-connection limit',
    perSecond(profile.aggregateBytesPerSecond) ? `${perSecond(profile.aggregateBytesPerSecond)} in all` : 'no aggregate limit',
  ].join(', ');
}

function formatMiB(bytes: number): string {
  return String(Math.round((bytes / MIB) * 100) / 100);
}

function milliseconds(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0 || value > MAX_LATENCY_MS) {
    throw new Error(`The ${what} must be a number of milliseconds from 0 to ${MAX_LATENCY_MS}, not ${value}.`);
  }
  return value;
}

function rate(value: number | null, what: string): number | null {
  if (value === null) return null;
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`The ${what} must be a positive number of bytes per second (or unlimited), not ${value}.`);
  }
  return value;
}
