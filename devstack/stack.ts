import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBackendConfig } from '../backend/config';
import { startBackend, type RunningBackend } from '../backend/server';
import { startAwsEmulator, type AwsEmulator } from './aws/server';
import { isUnshaped, NETWORK_PROFILES, type NetworkProfile, type ProfileName } from './network/network-profile';
import { startShapingProxy, type ShapingProxy } from './network/shaping-proxy';
import { PRIVATE_BUCKET, PRIVATE_LABEL, SEEDED_POLICY, SHARED_BUCKET, SHARED_LABEL, SHARED_PREFIX, seedBuckets, seedHomePrefix } from './seed';
import { loadOrCreateStackState } from './stack-state';

/** What `.stack/stack.json` holds (DESIGN.md §3): everything a client or test needs to use the stack. */
export interface StackInfo {
  backendUrl: string;
  awsEndpoint: string;
  region: string;
  identityPoolId: string;
  developerProviderName: string;
  demoUser: { username: string; password: string; identityId: string };
  /** As the backend answers them in a Session: prefixes with the demo's IdentityId, and labels. */
  buckets: Array<{ name: string; prefix: string; label: string }>;
  /**
   * The network between clients and the emulator (devstack/README.md, "Network profiles").
   * Clients under test use `awsEndpoint`, which goes through the shaping proxy when the
   * profile shapes anything; `directAwsEndpoint` is the emulator itself (the same URL for
   * loopback), for seeding benchmark data quickly, never for what is being measured.
   */
  network: {
    profile: string;
    latencyMs: number;
    jitterMs: number;
    connectionBytesPerSecond: number | null;
    aggregateBytesPerSecond: number | null;
    directAwsEndpoint: string;
  };
}

export interface StackOptions {
  /** Where state, data and stack.json live; default `.stack`. */
  stateDir?: string;
  /** Delete everything in stateDir first. */
  fresh?: boolean;
  host?: string;
  /** 0 picks a free port. Defaults: 8787 and 4566. */
  backendPort?: number;
  awsPort?: number;
  /** Lifetime of AWS credentials from GetCredentialsForIdentity (default 3600 s). */
  credentialLifetimeSeconds?: number;
  /** TokenDuration the backend asks Cognito for (default 900 s). */
  tokenDurationSeconds?: number;
  /** Receives log lines from the emulator and backend (never secrets). */
  log?: (line: string) => void;
  /**
   * The network every client sees between itself and the emulator (default 'loopback':
   * no proxy). Shaped, the emulator moves to an internal free port and a shaping proxy
   * takes `awsPort`; the backend still calls Cognito directly (it sits next to AWS).
   */
  network?: NetworkProfile | ProfileName;
}

export interface RunningStack {
  info: StackInfo;
  emulator: AwsEmulator;
  backend: RunningBackend;
  /** In front of the emulator when the profile shapes anything; null for loopback. */
  proxy: ShapingProxy | null;
  stateDir: string;
  close(): Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  const stateDir = options.stateDir ?? '.stack';
  if (options.fresh) rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const { state } = loadOrCreateStackState(stateDir);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const host = options.host ?? '127.0.0.1';
  const network = typeof options.network === 'string' ? NETWORK_PROFILES[options.network] : (options.network ?? NETWORK_PROFILES.loopback);
  if (!network) throw new Error(`Unknown network profile "${String(options.network)}".`);
  const shaped = !isUnshaped(network);
  const awsPort = options.awsPort ?? 4566;

  const emulator = await startAwsEmulator({
    dataDir: join(stateDir, 'aws'),
    host,
    // Shaped, the proxy takes the public port and the emulator hides behind it.
    port: shaped ? 0 : awsPort,
    region: state.region,
    identityPools: [
      { id: state.identityPoolId, name: 'S3 Desk local pool', developerProviderName: state.developerProviderName, authenticatedPolicy: SEEDED_POLICY },
    ],
    developerKeys: [state.backendKey],
    credentialLifetimeSeconds: options.credentialLifetimeSeconds,
    log,
  });

  let proxy: ShapingProxy | null = null;
  let backend: RunningBackend;
  try {
    if (shaped) proxy = await startShapingProxy({ target: { host, port: emulator.port }, host, port: awsPort, profile: network });
    await seedBuckets(emulator);
    // The same environment variables a real deployment sets, so the stack exercises that path too.
    const config = loadBackendConfig({
      BACKEND_HOST: host,
      BACKEND_PORT: String(options.backendPort ?? 8787),
      BACKEND_DB_PATH: join(stateDir, 'backend.sqlite'),
      COGNITO_IDENTITY_POOL_ID: state.identityPoolId,
      COGNITO_DEVELOPER_PROVIDER_NAME: state.developerProviderName,
      COGNITO_REGION: state.region,
      COGNITO_ENDPOINT: emulator.endpoint,
      COGNITO_TOKEN_DURATION_SECONDS: String(options.tokenDurationSeconds ?? 900),
      BACKEND_BUCKETS: JSON.stringify([
        { name: PRIVATE_BUCKET, prefix: '${identityId}/', label: PRIVATE_LABEL },
        { name: SHARED_BUCKET, prefix: SHARED_PREFIX, label: SHARED_LABEL },
      ]),
    });
    backend = await startBackend(config, { credentials: state.backendKey, log });
  } catch (error) {
    await proxy?.close();
    await emulator.close();
    throw error;
  }

  try {
    if (!(await backend.users.exists(state.demoUser.username))) await backend.users.add(state.demoUser.username, state.demoUser.password);
    const identityId = await demoIdentityId(backend.url, state.demoUser);
    await seedHomePrefix(emulator, identityId);
    const info: StackInfo = {
      backendUrl: backend.url,
      awsEndpoint: proxy?.endpoint ?? emulator.endpoint,
      region: state.region,
      identityPoolId: state.identityPoolId,
      developerProviderName: state.developerProviderName,
      demoUser: { ...state.demoUser, identityId },
      buckets: [
        { name: PRIVATE_BUCKET, prefix: `${identityId}/`, label: PRIVATE_LABEL },
        { name: SHARED_BUCKET, prefix: SHARED_PREFIX, label: SHARED_LABEL },
      ],
      network: {
        profile: network.name,
        latencyMs: network.latencyMs,
        jitterMs: network.jitterMs,
        connectionBytesPerSecond: network.connectionBytesPerSecond,
        aggregateBytesPerSecond: network.aggregateBytesPerSecond,
        directAwsEndpoint: emulator.endpoint,
      },
    };
    const infoFile = join(stateDir, 'stack.json');
    writeFileSync(infoFile, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
    return {
      info,
      emulator,
      backend,
      proxy,
      stateDir,
      async close() {
        rmSync(infoFile, { force: true });
        await backend.close();
        await proxy?.close();
        await emulator.close();
      },
    };
  } catch (error) {
    await backend.close();
    await proxy?.close();
    await emulator.close();
    throw error;
  }
}

/**
 * Signs the demo user in once through the backend, exactly as the app does,
 * to learn its IdentityId (and so its home prefix); then signs out again.
 */
async function demoIdentityId(backendUrl: string, user: { username: string; password: string }): Promise<string> {
  const post = (path: string, body: unknown) =>
    fetch(`${backendUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const login = await post('/v1/auth/login', user);
  if (!login.ok) {
    const detail = await login.text();
    throw new Error(`The stack could not sign its demo user in (HTTP ${login.status}): ${detail.slice(0, 300)}`);
  }
  const session = (await login.json()) as { identityId: string; refreshToken: string };
  await post('/v1/auth/logout', { refreshToken: session.refreshToken });
  return session.identityId;
}
