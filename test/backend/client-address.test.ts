import { describe, expect, it } from 'vitest';
import { addressKey, clientAddressKey, parseTrustedProxies } from '../../backend/client-address';
import { startTestBackend } from './helpers';

describe('addressKey', () => {
  it('keeps IPv4 addresses as they are', () => {
    expect(addressKey('198.51.100.7')).toBe('198.51.100.7');
  });

  it('reads IPv4-mapped IPv6 as the IPv4 address, in either spelling', () => {
    expect(addressKey('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(addressKey('0:0:0:0:0:ffff:c633:6407')).toBe('198.51.100.7');
  });

  it('groups IPv6 addresses by their /64, however they are written', () => {
    expect(addressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('64:ff9b::198.51.100.7')).toBe('64:ff9b:0:0::/64');
  });
});

describe('clientAddressKey', () => {
  it('takes the last address fastify reports (the client, after the trusted hops)', () => {
    expect(clientAddressKey(['127.0.0.1'])).toBe('127.0.0.1');
    expect(clientAddressKey(['10.0.0.2', '10.0.0.1', '203.0.113.9'])).toBe('203.0.113.9');
  });

  it('holds the trusted proxy to account when what it forwarded is not an address', () => {
    expect(clientAddressKey(['10.0.0.2', 'unknown'])).toBe('10.0.0.2');
    expect(clientAddressKey(['10.0.0.2', '10.0.0.1', '_hidden'])).toBe('10.0.0.1');
  });
});

describe('parseTrustedProxies', () => {
  it('trusts nothing when unset', () => {
    expect(parseTrustedProxies(undefined)).toEqual({ cidrs: [] });
  });

  it('accepts addresses and CIDR ranges of both families', () => {
    expect(parseTrustedProxies('10.0.0.0/8, 192.0.2.10 ,fd00::/8,::1')).toEqual({
      cidrs: ['10.0.0.0/8', '192.0.2.10', 'fd00::/8', '::1'],
    });
  });

  it.each(['10.0.0.0/0', '10.0.0.0/', '10.0.0.300', 'fe80::1%eth0', 'loopback', '10.0.0.0/8/8'])('refuses %s', (value) => {
    expect(parseTrustedProxies(value)).toEqual({ problem: expect.stringContaining('BACKEND_TRUSTED_PROXIES has "') });
  });
});

describe('the address a login is limited by', () => {
  /** A backend allowing one login attempt per client address, reached from 127.0.0.1. */
  async function backendTrusting(trustedProxies: string[]) {
    const t = await startTestBackend({ config: { trustedProxies, loginLimitPerAddress: { max: 1, windowSeconds: 60 } } });
    return {
      attempt: async (forwardedFor?: string) =>
        (await t.post('/v1/auth/login', { username: 'nobody', password: 'x' }, forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}))
          .status,
    };
  }

  it('is the socket address when no proxy is trusted: a spoofed X-Forwarded-For is ignored', async () => {
    const { attempt } = await backendTrusting([]);
    expect(await attempt('203.0.113.1')).toBe(401);
    expect(await attempt('203.0.113.2')).toBe(429);
    expect(await attempt()).toBe(429);
  });

  it('is the socket address when the peer is not one of the trusted proxies', async () => {
    const { attempt } = await backendTrusting(['10.0.0.0/8']);
    expect(await attempt('203.0.113.1')).toBe(401);
    expect(await attempt('203.0.113.2')).toBe(429);
  });

  it('is the forwarded address when the peer is a trusted proxy', async () => {
    const { attempt } = await backendTrusting(['127.0.0.1']);
    expect(await attempt('203.0.113.1')).toBe(401);
    expect(await attempt('203.0.113.2')).toBe(401);
    expect(await attempt('203.0.113.1')).toBe(429);
    // Without the header, the proxy itself is the client.
    expect(await attempt()).toBe(401);
  });

  it('is the first untrusted hop from the right through a chain of proxies, whatever the client wrote to the left', async () => {
    const { attempt } = await backendTrusting(['127.0.0.1', '10.0.0.0/8']);
    expect(await attempt('198.51.100.1, 203.0.113.1, 10.0.0.5')).toBe(401);
    expect(await attempt('198.51.100.2, 203.0.113.1, 10.1.2.3')).toBe(429);
    expect(await attempt('203.0.113.2, 10.0.0.5')).toBe(401);
  });

  it('groups IPv6 clients by /64 and IPv4-mapped clients with their IPv4 address', async () => {
    const { attempt } = await backendTrusting(['127.0.0.1']);
    expect(await attempt('2001:db8:1:2::1')).toBe(401);
    expect(await attempt('2001:db8:1:2:ffff::9')).toBe(429);
    expect(await attempt('2001:db8:1:3::1')).toBe(401);
    expect(await attempt('::ffff:198.51.100.7')).toBe(401);
    expect(await attempt('198.51.100.7')).toBe(429);
  });
});
