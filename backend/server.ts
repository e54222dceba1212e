import { buildApp } from './app';
import { AuthService } from './auth';
import { createCognitoIssuer, type AwsCredentialIdentity, type OpenIdTokenIssuer } from './cognito';
import type { BackendConfig } from './config';
import { OpenApiContract } from './openapi';
import { FixedWindowLimiter } from './rate-limit';
import { RefreshTokenStore } from './refresh-tokens';
import { openDatabase } from './db';
import type { SqlDatabase } from './store/sql';
import { UserStore } from './users';

export type { AwsCredentialIdentity, OpenIdTokenIssuer } from './cognito';
export type { BackendConfig } from './config';

export interface StartBackendOptions {
  /** The backend's IAM credentials; omitted, the SDK's default provider chain is used. */
  credentials?: AwsCredentialIdentity;
  /** Replaces the Cognito client (tests). */
  issuer?: OpenIdTokenIssuer;
  /** Receives one line per request plus lifecycle lines; defaults to stderr. */
  log?: (line: string) => void;
  /** Clock in epoch milliseconds (tests move it to expire tokens and rate-limit windows). */
  now?: () => number;
  /** Alternative contract file (tests); defaults to backend/openapi.yaml. */
  openapiPath?: string | URL;
}

export interface RunningBackend {
  url: string;
  port: number;
  users: UserStore;
  close(): Promise<void>;
}

const defaultLog = (line: string): void => {
  process.stderr.write(`${new Date().toISOString()} backend ${line}\n`);
};

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
  now: () => number,
): Promise<{ users: UserStore; auth: AuthService }> {
  const users = new UserStore(db, { now });
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
    userLimiter: new FixedWindowLimiter(db, { name: 'user', ...config.loginLimitPerUser, now }),
    addressLimiter: new FixedWindowLimiter(db, { name: 'address', ...config.loginLimitPerAddress, now }),
    now,
  });
  return { users, auth };
}

export async function startBackend(config: BackendConfig, options: StartBackendOptions = {}): Promise<RunningBackend> {
  const log = options.log ?? defaultLog;
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
  const release = async (): Promise<void> => {
    // Only close what we created: an injected issuer belongs to the caller.
    if (!options.issuer) issuer.close?.();
    await db.close();
  };
  let wired: { users: UserStore; auth: AuthService };
  try {
    wired = await wireAuth(db, config, issuer, now);
  } catch (error) {
    await release();
    throw error;
  }
  const { users } = wired;
  const { app } = buildApp({ auth: wired.auth, contract, log });

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
        try {
          await app.close();
        } finally {
          await release();
          log('stopped');
        }
      })();
      return closing;
    },
  };
}
