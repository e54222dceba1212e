import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorFixture, type EmulatorFixture } from './emulator-fixture';

describe('test controls over HTTP (/__devstack/)', () => {
  let fx: EmulatorFixture;
  beforeAll(async () => {
    fx = await startEmulatorFixture();
  });
  afterAll(() => fx.close());

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${fx.emulator.endpoint}/__devstack/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });

  it('shows and sets the clock offset, lifetimes and faults', async () => {
    expect(await (await call('PUT', 'clock', { offsetSeconds: 900 })).json()).toMatchObject({ clockOffsetSeconds: 900 });
    const lifetimes = await (await call('PUT', 'lifetimes', { credentialLifetimeSeconds: 10, tokenLifetimeSeconds: 5 })).json();
    expect(lifetimes).toMatchObject({ credentialLifetimeSeconds: 10, tokenLifetimeSeconds: 5 });
    const faults = await call('POST', 'faults', { operation: 'GetObject', kind: 'throttle', count: 2 });
    expect(faults.status).toBe(201);
    expect(await faults.json()).toMatchObject({ faults: [{ operation: 'GetObject', kind: 'throttle', count: 2 }] });
    expect(await (await call('DELETE', 'faults')).json()).toMatchObject({ faults: [] });
    await call('PUT', 'clock', { offsetSeconds: 0 });
    await call('PUT', 'lifetimes', { credentialLifetimeSeconds: 3600, tokenLifetimeSeconds: null });
  });

  it('caps token lifetimes when asked, whatever TokenDuration the backend requests', async () => {
    await call('PUT', 'lifetimes', { tokenLifetimeSeconds: 5 });
    try {
      const { token } = await fx.signIn();
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { iat: number; exp: number };
      expect(claims.exp - claims.iat).toBe(5);
    } finally {
      await call('PUT', 'lifetimes', { tokenLifetimeSeconds: null });
    }
  });

  it('counts calls per operation', async () => {
    await call('POST', 'stats/reset');
    await fx.signIn();
    const state = (await (await call('GET', 'state')).json()) as { calls: Record<string, number> };
    expect(state.calls).toEqual({ GetOpenIdTokenForDeveloperIdentity: 1, GetCredentialsForIdentity: 1 });
  });

  it('explains bad input and unknown routes', async () => {
    const bad = await call('POST', 'faults', { operation: 'GetObject', kind: 'explode' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/kind/);
    const latencyWithoutMs = await call('POST', 'faults', { operation: 'GetObject', kind: 'latency' });
    expect(latencyWithoutMs.status).toBe(400);
    const unknown = await call('GET', 'nothing-here');
    expect(unknown.status).toBe(404);
  });
});
