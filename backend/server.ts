import { buildApp } from './app';
import { AuthService } from './auth';
import { createCognitoIssuer, type AwsCredentialIdentity, type OpenIdTokenIssuer } from './cognito';
import type { BackendConfig } from './config';
import { OpenApiContract } from './openapi';
import type { ScryptParams } from './passwords';
import { KnownAddresses } from './known-addresses';
import { stderrLog, type BackendLog } from './log-format';
import { BackendMetrics } from './metrics';
import { databaseAnswers } from './readiness';
import { FixedWindowLimiter } from './rate-limit';
import { RefreshTokenStore } from './refresh-tokens';
import { openDatabase } from './db';
import type { SqlDatabase } from './store/sql';
import { UserStore } from './users';
import { UsernameSlowdown } from './username-slowdown';

// How long a username's failures are remembered after the last one.
const LOGIN_FAILURE_MEMORY_SECONDS = 15 * 60;
// How long an address a user signed in from is spared the per-username slowdown.
const KNOWN_ADDRESS_SECONDS = 30 * 86_400;
// Longer than any request takes unless Cognito hangs (the SDK gives up after 10 s per attempt).
const DRAIN_TIMEOUT_MS = 10_000;

export type { AwsCredentialIdentity, OpenIdTokenIssuer } from './cognito';
export type { BackendConfig } from './config';

export interface StartBackendOptions {
  /** The backend's IAM credentials; omitted, the SDK's default provider chain is used. */
  credentials?: AwsCredentialIdentity;
  /** Replaces the Cognito client (tests). */
  issuer?: OpenIdTokenIssuer;
  /** Receives one line per request (with its fields) plus lifecycle lines; defaults to stderr in config.logFormat. */
  log?: BackendLog;
  /** Clock in epoch milliseconds (tests move it to expire tokens and rate-limit windows). */
  now?: () => number;
  /** Alternative contract file (tests); defaults to backend/openapi.yaml. */
  openapiPath?: string | URL;
  /** Password hashing cost; OWASP's by default (tests that do not test it use a cheaper one). */
  scryptParams?: ScryptParams;
  /** How long close() lets requests in flight finish before cutting their connections. */
  drainTimeoutMs?: number;
  /** How long /v1/ready waits for the database. */
  readyTimeoutMs?: number;
}

export interface RunningBackend {
  url: string;
  port: number;
  users: UserStore;
  close(): Promise<void>;
}


function urlFor(host: string, port: number): string {
  // A wildcard address is not something a client can connect to; loopback is.
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** The stores on the shared database and the auth service over them. */
async function wireAuth(
  db: SqlDatabase,
  config: BackendConfig,
  issuer: OpenIdTokenIssuer,
  options: { now: () => number; log: (line: string) => void; scryptParams?: ScryptParams },
): Promise<{ users: UserStore; auth: AuthService }> {
  const { now, log } = options;
  const users = new UserStore(db, { now, log, ...(options.scryptParams ? { scryptParams: options.scryptParams } : {}) });
  const refreshTokens = await RefreshTokenStore.open(db, {
    ttlSeconds: config.refreshTokenTtlSeconds,
    graceSeconds: config.refreshGraceSeconds,
    familyMaxSeconds: config.refreshFamilyMaxDays * 86_400,
    now,
  });
  const auth = new AuthService({
    config,
    users,
    refreshTokens,
    issuer,
    addressLimiter: new FixedWindowLimiter(db, { name: 'address', ...config.loginLimitPerAddress, now }),
    userAddressLimiter: new FixedWindowLimiter(db, { name: 'user-address', ...config.loginLimitPerUserAddress, now }),
    usernameSlowdown: new UsernameSlowdown(db, {
      ...config.loginSlowdownPerUser,
      memorySeconds: LOGIN_FAILURE_MEMORY_SECONDS,
      now,
    }),
    knownAddresses: new KnownAddresses(db, { rememberSeconds: KNOWN_ADDRESS_SECONDS, now }),
    now,
  });
  return { users, auth };
}

export async function startBackend(config: BackendConfig, options: StartBackendOptions = {}): Promise<RunningBackend> {
  const log = options.log ?? stderrLog(config.logFormat);
  const now = options.now ?? Date.now;
  // Load the contract before touching the database so a broken file fails fast.
  const contract = OpenApiContract.load(options.openapiPath);
  const db = await openDatabase(config.database, { log });
  const issuer =
    options.issuer ??
    createCognitoIssuer({
      identityPoolId: config.identityPoolId,
      developerProviderName: config.developerProviderName,
      region: config.region,
      tokenDurationSeconds: config.tokenDurationSeconds,
      ...(config.cognitoEndpoint ? { endpoint: config.cognitoEndpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
  const metrics = new BackendMetrics();
  const release = async (): Promise<void> => {
    // Only close what we created: an injected issuer belongs to the caller.
    if (!options.issuer) issuer.close?.();
    await db.close();
  };
  let wired: { users: UserStore; auth: AuthService };
  try {
    wired = await wireAuth(db, config, metrics.timedIssuer(issuer), {
      now,
      log,
      ...(options.scryptParams ? { scryptParams: options.scryptParams } : {}),
    });
  } catch (error) {
    await release();
    throw error;
  }
  const { users } = wired;
  const { app } = buildApp({
    auth: wired.auth,
    contract,
    log,
    trustedProxies: config.trustedProxies,
    metrics,
    ...(config.metricsToken === undefined ? {} : { metricsToken: config.metricsToken }),
    databaseReady: () => databaseAnswers(db, options.readyTimeoutMs),
  });

  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app.close().catch(() => undefined);
    await release();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = urlFor(config.host, port);
  log(
    `listening on ${url} (identity pool ${config.identityPoolId}, region ${config.region}${
      config.cognitoEndpoint ? `, Cognito endpoint ${config.cognitoEndpoint}` : ''
    }, ${config.buckets.length} bucket(s), ${options.credentials ? 'explicit' : 'default-chain'} AWS credentials, ${db.description})`,
  );

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    users,
    close() {
      closing ??= (async () => {
        // New connections are refused at once and idle ones closed; requests in
        // flight finish, unless they outlast the drain timeout: then their
        // connections are cut, so a hung upstream cannot hold a shutdown forever.
        const cut = setTimeout(() => {
          log('requests still running after the drain timeout; closing their connections');
          app.server.closeAllConnections();
        }, options.drainTimeoutMs ?? DRAIN_TIMEOUT_MS);
        try {
          await app.close();
        } finally {
          clearTimeout(cut);
          await release();
          log('stopped');
        }
      })();
      return closing;
    },
  };
}
