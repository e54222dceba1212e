import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import keytar from 'keytar';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type RunningStack } from '../../devstack/stack';
import { createServices, type Services } from '../../main/create-services';
import { KeytarSecretStore, SECRET_SERVICE_NAME } from '../../main/session/secret-store';

/**
 * Real keytar against a real gnome-keyring. Only meaningful inside the
 * private D-Bus session run-keyring.sh sets up; outside it, skipped, so a
 * plain `npm test` never waits on a missing bus or an unlock prompt
 * (keyring-session.test.ts runs this file through run-keyring.sh instead).
 */
const inPrivateKeyring = process.env.S3DESK_KEYRING_AVAILABLE === '1';

describe.skipIf(!inPrivateKeyring)('keychain: keytar + gnome-keyring (skipped outside test/keychain/run-keyring.sh: needs its private D-Bus session)', () => {
  let dir: string;
  let stack: RunningStack;
  let services: Services;
  let account: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 's3desk-keychain-'));
    stack = await startStack({ stateDir: join(dir, 'stack'), backendPort: 0, awsPort: 0, log: () => {} });
    services = await createServices({
      secrets: new KeytarSecretStore(keytar),
      settingsPath: join(dir, 'settings.json'),
      awsEndpoint: stack.info.awsEndpoint,
    });
    account = `${stack.info.backendUrl}|demo`;
  });
  afterAll(async () => {
    services?.dispose();
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sign-in stores {identityId, refreshToken} under service "S3 Desk", account "<origin>|demo"', async () => {
    const state = await services.session.signIn(stack.info.backendUrl, 'demo', stack.info.demoUser.password);
    expect(state).toMatchObject({ status: 'signed-in', remembered: true, rememberError: null });

    const stored = await keytar.getPassword(SECRET_SERVICE_NAME, account);
    expect(stored).not.toBeNull();
    const entry = JSON.parse(stored!) as Record<string, unknown>;
    expect(Object.keys(entry).sort()).toEqual(['identityId', 'refreshToken']);
    expect(entry.identityId).toBe(stack.info.demoUser.identityId);
    expect(entry.refreshToken).toEqual(expect.any(String));
    expect((await keytar.findCredentials(SECRET_SERVICE_NAME)).map((credential) => credential.account)).toEqual([account]);
  });

  it('the stored refresh token is the live one: the backend accepts it', async () => {
    // Refresh with a copy of what the keychain holds, as a restart would; then store what came back
    // so the session (whose token was just rotated) can still sign out cleanly.
    const entry = JSON.parse((await keytar.getPassword(SECRET_SERVICE_NAME, account))!) as { refreshToken: string };
    const response = await fetch(`${stack.info.backendUrl}/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: entry.refreshToken }),
    });
    expect(response.status).toBe(200);
    const rotated = (await response.json()) as { refreshToken: string };
    await fetch(`${stack.info.backendUrl}/v1/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: rotated.refreshToken }),
    });
  });

  it('sign-out removes the entry', async () => {
    const state = await services.session.signOut();
    expect(state.status).toBe('signed-out');
    expect(await keytar.getPassword(SECRET_SERVICE_NAME, account)).toBeNull();
    expect(await keytar.findCredentials(SECRET_SERVICE_NAME)).toEqual([]);
  });

  it('restart: new services on the same keychain sign in silently — same IdentityId, no password sent', async () => {
    await services.session.signIn(stack.info.backendUrl, 'demo', stack.info.demoUser.password);
    services.dispose();

    const paths: string[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      paths.push(new URL(String(input)).pathname);
      return fetch(input, init);
    };
    services = await createServices({
      secrets: new KeytarSecretStore(keytar),
      settingsPath: join(dir, 'settings.json'),
      awsEndpoint: stack.info.awsEndpoint,
      backend: { fetch: recordingFetch },
    });
    expect(services.session.getState()).toMatchObject({ status: 'resuming', account: { id: account, username: 'demo' } });
    const state = await services.session.resume();
    expect(state).toMatchObject({ status: 'signed-in', identityId: stack.info.demoUser.identityId, remembered: true });
    expect(paths).toEqual(['/v1/auth/refresh']);
    expect((await services.buckets.list()).map((bucket) => bucket.name)).toContain('desk-shared');
    await services.session.signOut();
    expect(await keytar.findCredentials(SECRET_SERVICE_NAME)).toEqual([]);
  });
});
