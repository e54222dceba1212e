import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { OpenIdToken, OpenIdTokenIssuer, OpenIdTokenRequest } from '../../backend/cognito';
import type { BackendConfig } from '../../backend/config';
import type { LogFields } from '../../backend/log-format';
import { startBackend, type RunningBackend, type StartBackendOptions } from '../../backend/server';
import { freshDatabase, type StoreKind } from './stores';

export const POOL_ID = 'us-east-1:12345678-1234-4234-8234-123456789012';
export const T0 = Date.parse('2030-01-01T00:00:00.000Z');
/**
 * Cheaper than the production cost, for every test that does not test the
 * cost itself: the suite hashes hundreds of passwords.
 */
export const TEST_SCRYPT_PARAMS = Object.freeze({ N: 2 ** 12, r: 8, p: 1, keyLength: 32, saltLength: 16 });
export const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

export function testConfig(overrides: Partial<BackendConfig> = {}): BackendConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    database: { kind: 'sqlite', path: ':memory:' },
    identityPoolId: POOL_ID,
    developerProviderName: 'login.s3desk.test',
    region: 'us-east-1',
    tokenDurationSeconds: 900,
    buckets: [
      { name: 'team-shared', prefix: '' },
      { name: 'user-homes', prefix: 'home/${identityId}/' },
    ],
    refreshTokenTtlSeconds: 3600,
    refreshGraceSeconds: 30,
    refreshFamilyMaxDays: 90,
    loginLimitPerUserAddress: { max: 100, windowSeconds: 900 },
    loginSlowdownPerUser: { freeFailures: 100, maxDelaySeconds: 30 },
    loginLimitPerAddress: { max: 1000, windowSeconds: 60 },
    trustedProxies: [],
    logFormat: 'text',
    ...overrides,
  };
}

export function makeJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS512', kid: 'test', typ: 'JWT' })}.${part(claims)}.${Buffer.from('signature-' + Math.random()).toString('base64url')}`;
}

/** An SDK-shaped error, as @aws-sdk/client-cognito-identity throws them. */
export function sdkError(name: string, httpStatusCode = 400, fault: 'client' | 'server' = 'client'): Error {
  return Object.assign(new Error(`${name}: simulated`), { name, $fault: fault, $metadata: { httpStatusCode } });
}

/** Behaves like Cognito's developer identities: one stable IdentityId per developer user id. */
export class FakeIssuer implements OpenIdTokenIssuer {
  readonly calls: OpenIdTokenRequest[] = [];
  readonly issuedTokens: string[] = [];
  private readonly identities = new Map<string, string>();
  /** Thrown (once per entry) by the next calls. */
  failures: unknown[] = [];
  /** Delays every answer, to let tests overlap requests. */
  delayMs = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async issue(request: OpenIdTokenRequest): Promise<OpenIdToken> {
    this.calls.push({ ...request });
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.failures.length > 0) throw this.failures.shift();
    let identityId = this.identities.get(request.userId);
    if (!identityId) {
      identityId = request.identityId ?? `us-east-1:${crypto.randomUUID()}`;
      this.identities.set(request.userId, identityId);
    }
    const token = makeJwt({
      iss: 'https://cognito-identity.amazonaws.com',
      sub: identityId,
      aud: POOL_ID,
      exp: Math.floor(this.now() / 1000) + 900,
    });
    this.issuedTokens.push(token);
    return { identityId, token };
  }
}

export class TestClock {
  constructor(public ms: number = T0) {}
  readonly now = (): number => this.ms;
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface TestBackend {
  backend: RunningBackend;
  issuer: FakeIssuer;
  clock: TestClock;
  logs: string[];
  /** The fields given with each request line, in order. */
  logFields: LogFields[];
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  request(path: string, init?: RequestInit): Promise<ApiResponse>;
  login(username: string, password: string): Promise<ApiResponse>;
}

/**
 * A backend on a free port with a fake Cognito, a movable clock and captured
 * logs; closed after the test. Its database is `config.database`, else a fresh
 * one of the `store` kind, else SQLite in memory.
 */
export async function startTestBackend(
  options: { config?: Partial<BackendConfig>; issuer?: FakeIssuer; clock?: TestClock; store?: StoreKind } & Pick<
    StartBackendOptions,
    'openapiPath' | 'scryptParams' | 'drainTimeoutMs'
  > = {},
): Promise<TestBackend> {
  const clock = options.clock ?? new TestClock();
  const issuer = options.issuer ?? new FakeIssuer(clock.now);
  const logs: string[] = [];
  const logFields: LogFields[] = [];
  const database = options.config?.database ?? (options.store ? await freshDatabase(options.store) : undefined);
  const config = testConfig({ ...options.config, ...(database ? { database } : {}) });
  const backend = await startBackend(config, {
    issuer,
    now: clock.now,
    log: (line, fields) => {
      logs.push(line);
      if (fields) logFields.push(fields);
    },
    scryptParams: options.scryptParams ?? TEST_SCRYPT_PARAMS,
    ...(options.drainTimeoutMs === undefined ? {} : { drainTimeoutMs: options.drainTimeoutMs }),
    ...(options.openapiPath ? { openapiPath: options.openapiPath } : {}),
  });
  onTestFinished(() => backend.close());

  const request = async (path: string, init: RequestInit = {}): Promise<ApiResponse> => {
    const response = await fetch(`${backend.url}${path}`, init);
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, headers: response.headers, text, body };
  };
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return {
    backend,
    issuer,
    clock,
    logs,
    logFields,
    request,
    post,
    login: (username, password) => post('/v1/auth/login', { username, password }),
  };
}

/** A temp directory removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 's3desk-backend-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A request exactly as given (fetch would add a text/plain content type to a string body). */
export function rawRequest(
  url: string,
  options: { method: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method, headers: options.headers ?? {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
