import { z } from 'zod';
import { BUCKET_LABEL_RULE, bucketLabelSchema } from './bucket-label';
import { parseTrustedProxies } from './client-address';
import { readDatabaseLocation } from './database-config';
import type { LogFormat } from './log-format';
import type { RateLimit } from './rate-limit';
import type { SlowdownRule } from './username-slowdown';
import type { DatabaseLocation } from './db';

export interface BucketGrant {
  name: string;
  /** Home prefix; `${identityId}` is replaced by the caller's Cognito IdentityId. */
  prefix: string;
  /** What the app shows for this entry instead of the bucket name, e.g. "My files"; absent: the bucket name. */
  label?: string;
}

export interface BackendConfig {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** A SQLite file (":memory:" for a throw-away database) or a PostgreSQL database shared by several instances. */
  database: DatabaseLocation;
  identityPoolId: string;
  developerProviderName: string;
  region: string;
  /** Overrides the Cognito Identity endpoint (the local stack's emulator). */
  cognitoEndpoint?: string;
  tokenDurationSeconds: number;
  buckets: BucketGrant[];
  refreshTokenTtlSeconds: number;
  /** A just-rotated refresh token presented again this soon gets the same successor; 0 disables. */
  refreshGraceSeconds: number;
  /** A login's refresh tokens stop working this long after it, however often they were rotated. */
  refreshFamilyMaxDays: number;
  /** Failed attempts for one username from one client address. */
  loginLimitPerUserAddress: RateLimit;
  /** Attempts for one username from anywhere, spaced out once it keeps failing. */
  loginSlowdownPerUser: SlowdownRule;
  /** All attempts from one client address. */
  loginLimitPerAddress: RateLimit;
  /** Addresses and CIDR ranges of the reverse proxies whose X-Forwarded-For is believed; empty: none. */
  trustedProxies: string[];
  /** When set, GET /metrics needs it as a bearer token; unset, /metrics is open. */
  metricsToken?: string;
  /** How the default logger writes to stderr: lines for people, or one JSON object per line. */
  logFormat: LogFormat;
}

export class BackendConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid backend configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'BackendConfigError';
  }
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const POOL_ID = /^([a-z0-9-]+):[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// Cognito's own constraint on DeveloperProviderName.
const PROVIDER_NAME = /^[\w.-]{1,128}$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

const bucketsSchema = z
  .array(
    z.strictObject({
      name: z.string().regex(BUCKET_NAME),
      prefix: z
        .string()
        .max(1024)
        .refine((prefix) => !prefix.startsWith('/'))
        .default(''),
      label: bucketLabelSchema.optional(),
    }),
  )
  .min(1);

/** `<failures>/<maxDelaySeconds>`, e.g. 10/30. */
function slowdownRule(raw: string): SlowdownRule | undefined {
  const match = /^(\d{1,6})\/(\d{1,4})$/.exec(raw);
  const rule = { freeFailures: Number(match?.[1]), maxDelaySeconds: Number(match?.[2]) };
  return match && rule.freeFailures >= 1 && rule.maxDelaySeconds >= 1 && rule.maxDelaySeconds <= 3600 ? rule : undefined;
}

/** Parses environment variables, reporting every problem at once rather than one per restart. */
export function loadBackendConfig(env: Record<string, string | undefined>): BackendConfig {
  const problems: string[] = [];
  // An empty variable (FOO=) means "not set", as most shells and compose files intend.
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number, hint: string): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}: ${hint}`);
      return fallback;
    }
    return value;
  };
  const rateLimit = (name: string, fallback: string): RateLimit => {
    const match = /^(\d+)\/(\d+)$/.exec(read(name) ?? fallback);
    const max = Number(match?.[1]);
    const windowSeconds = Number(match?.[2]);
    if (!match || max < 1 || windowSeconds < 1 || max > 1_000_000 || windowSeconds > 86_400 * 30) {
      problems.push(`${name} must look like <max>/<windowSeconds> with both at least 1, e.g. ${fallback}`);
      return { max: 1, windowSeconds: 1 };
    }
    return { max, windowSeconds };
  };

  const host = read('BACKEND_HOST') ?? '127.0.0.1';
  const port = integer('BACKEND_PORT', 8787, 0, 65535, 'the TCP port to listen on (0 picks a free one), e.g. 8787');
  const databaseResult = readDatabaseLocation(read);
  if ('problem' in databaseResult) problems.push(databaseResult.problem);

  const identityPoolId = read('COGNITO_IDENTITY_POOL_ID');
  const poolMatch = identityPoolId === undefined ? null : POOL_ID.exec(identityPoolId);
  if (identityPoolId === undefined) {
    problems.push(
      'COGNITO_IDENTITY_POOL_ID is required: the identity pool id, e.g. us-east-1:12345678-1234-1234-1234-123456789012',
    );
  } else if (!poolMatch) {
    problems.push(
      'COGNITO_IDENTITY_POOL_ID must look like <region>:<uuid>, e.g. us-east-1:12345678-1234-1234-1234-123456789012',
    );
  }

  const developerProviderName = read('COGNITO_DEVELOPER_PROVIDER_NAME');
  if (developerProviderName === undefined) {
    problems.push(
      "COGNITO_DEVELOPER_PROVIDER_NAME is required: the identity pool's developer provider name, e.g. login.example.com",
    );
  } else if (!PROVIDER_NAME.test(developerProviderName)) {
    problems.push('COGNITO_DEVELOPER_PROVIDER_NAME may only contain letters, digits, "_", "." and "-" (1 to 128)');
  }

  const explicitRegion = read('COGNITO_REGION');
  const region = explicitRegion ?? poolMatch?.[1] ?? '';
  if (explicitRegion !== undefined && !REGION.test(explicitRegion)) {
    problems.push('COGNITO_REGION must be an AWS region name, e.g. eu-west-1 (it defaults to the pool id prefix)');
  } else if (explicitRegion === undefined && poolMatch && !REGION.test(region)) {
    problems.push(
      'COGNITO_IDENTITY_POOL_ID must start with an AWS region, e.g. us-east-1:…, or set COGNITO_REGION explicitly',
    );
  }

  const cognitoEndpoint = read('COGNITO_ENDPOINT');
  if (cognitoEndpoint !== undefined) {
    const url = URL.canParse(cognitoEndpoint) ? new URL(cognitoEndpoint) : undefined;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
      problems.push('COGNITO_ENDPOINT must be an http(s) URL without credentials, e.g. http://127.0.0.1:4566');
    }
  }

  const tokenDurationSeconds = integer(
    'COGNITO_TOKEN_DURATION_SECONDS',
    900,
    1,
    86_400,
    'the OpenID token lifetime Cognito is asked for, e.g. 900',
  );

  let buckets: BucketGrant[] = [];
  const rawBuckets = read('BACKEND_BUCKETS');
  const bucketsHint =
    'a JSON array of {"name","prefix"} with an optional "label", e.g. [{"name":"my-bucket","prefix":"users/${identityId}/","label":"My files"}]';
  if (rawBuckets === undefined) {
    problems.push(`BACKEND_BUCKETS is required: ${bucketsHint}`);
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawBuckets);
    } catch {
      problems.push(`BACKEND_BUCKETS is not valid JSON: expected ${bucketsHint}`);
    }
    if (parsed !== undefined) {
      const result = bucketsSchema.safeParse(parsed);
      if (result.success) {
        buckets = result.data;
      } else {
        const path = result.error.issues[0]?.path ?? [];
        const where = path.join('.');
        // A bad label gets its own rule rather than the whole format: the rest of the entry is probably fine.
        problems.push(
          path.at(-1) === 'label'
            ? `BACKEND_BUCKETS (at ${where}): a label must be ${BUCKET_LABEL_RULE}`
            : `BACKEND_BUCKETS${where ? ` (at ${where})` : ''} must be ${bucketsHint}, with at least one bucket, valid S3 bucket names and prefixes not starting with "/"`,
        );
      }
    }
  }

  const refreshTokenTtlSeconds = integer(
    'REFRESH_TOKEN_TTL_SECONDS',
    2_592_000,
    60,
    31_536_000,
    'how long an unused refresh token stays valid, e.g. 2592000 (30 days)',
  );
  // Longer than S3 Desk's longest wait between refresh attempts (60 s) plus a request's timeout
  // (15 s): a retry after an answer lost at the start of an outage still lands inside it.
  const refreshGraceSeconds = integer(
    'BACKEND_REFRESH_GRACE_SECONDS',
    120,
    0,
    600,
    'how long a just-rotated refresh token may be presented again and get the same successor (0 disables), e.g. 120',
  );
  const refreshFamilyMaxDays = integer(
    'BACKEND_REFRESH_FAMILY_MAX_DAYS',
    90,
    1,
    3650,
    'how many days after signing in the user must sign in again, however often the app refreshed, e.g. 90',
  );
  if (read('LOGIN_LIMIT_PER_USER') !== undefined) {
    // Its old meaning (failures per username from anywhere) let anyone lock anyone out.
    problems.push(
      'LOGIN_LIMIT_PER_USER is no longer read: failures per username are now limited per client address (LOGIN_LIMIT_PER_USER_ADDRESS, e.g. 5/900) and slowed down from anywhere (LOGIN_SLOWDOWN_PER_USER, e.g. 10/30); see backend/README.md',
    );
  }
  const loginLimitPerUserAddress = rateLimit('LOGIN_LIMIT_PER_USER_ADDRESS', '5/900');
  const loginSlowdownPerUser = slowdownRule(read('LOGIN_SLOWDOWN_PER_USER') ?? '10/30');
  if (!loginSlowdownPerUser) {
    problems.push(
      'LOGIN_SLOWDOWN_PER_USER must look like <failures>/<maxDelaySeconds>: after that many failures for a username, attempts wait 1 s, 2 s, 4 s... up to maxDelaySeconds (1 to 3600), e.g. 10/30',
    );
  }
  const loginLimitPerAddress = rateLimit('LOGIN_LIMIT_PER_ADDRESS', '30/60');
  const metricsToken = read('BACKEND_METRICS_TOKEN');
  // Never quoted: it is a secret.
  if (metricsToken !== undefined && !/^[\x21-\x7e]{16,512}$/.test(metricsToken)) {
    problems.push(
      'BACKEND_METRICS_TOKEN must be 16 to 512 printable ASCII characters without spaces, e.g. the output of `openssl rand -base64 32`',
    );
  }
  const logFormat = read('BACKEND_LOG_FORMAT') ?? 'text';
  if (logFormat !== 'text' && logFormat !== 'json') {
    problems.push('BACKEND_LOG_FORMAT must be text (lines for people, the default) or json (one JSON object per line)');
  }
  const trustedProxiesResult = parseTrustedProxies(read('BACKEND_TRUSTED_PROXIES'));
  if ('problem' in trustedProxiesResult) problems.push(trustedProxiesResult.problem);

  if (problems.length > 0 || 'problem' in databaseResult || 'problem' in trustedProxiesResult) {
    throw new BackendConfigError(problems);
  }
  return {
    host,
    port,
    database: databaseResult.location,
    identityPoolId: identityPoolId as string,
    developerProviderName: developerProviderName as string,
    region,
    ...(cognitoEndpoint === undefined ? {} : { cognitoEndpoint }),
    tokenDurationSeconds,
    buckets,
    refreshTokenTtlSeconds,
    refreshGraceSeconds,
    refreshFamilyMaxDays,
    loginLimitPerUserAddress,
    loginSlowdownPerUser: loginSlowdownPerUser as SlowdownRule,
    loginLimitPerAddress,
    trustedProxies: trustedProxiesResult.cidrs,
    ...(metricsToken === undefined ? {} : { metricsToken }),
    logFormat: logFormat as LogFormat,
  };
}
