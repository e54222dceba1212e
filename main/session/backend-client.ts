import type { BackendEndpoint } from './backend-url';
import { backendErrorBodySchema, backendSessionSchema, type BackendSession } from './backend-session';
import { ServiceError } from '../shared/errors';
import { redactSecrets } from '../shared/redact';

export interface BackendClientOptions {
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  /** Per request, including reading the body. */
  timeoutMs?: number;
}

type Operation = 'login' | 'refresh' | 'logout';

const DEFAULT_TIMEOUT_MS = 15_000;
/** A 429 without Retry-After still deserves a number in the UI. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

/**
 * The backend's HTTP contract (backend/openapi.yaml) over fetch. Every
 * failure becomes a ServiceError with a contract code and a sentence that
 * names the backend's host but never a password or token.
 */
export class BackendClient {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(options: BackendClientOptions = {}) {
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async login(endpoint: BackendEndpoint, username: string, password: string): Promise<BackendSession> {
    const reply = await this.post(endpoint, '/v1/auth/login', { username, password });
    return this.session(endpoint, reply, 'login');
  }

  /** Exchanges a refresh token for a new session; the backend rotates the refresh token. */
  async refresh(endpoint: BackendEndpoint, refreshToken: string): Promise<BackendSession> {
    const reply = await this.post(endpoint, '/v1/auth/refresh', { refreshToken });
    return this.session(endpoint, reply, 'refresh');
  }

  async logout(endpoint: BackendEndpoint, refreshToken: string): Promise<void> {
    const reply = await this.post(endpoint, '/v1/auth/logout', { refreshToken });
    if (reply.status >= 200 && reply.status < 300) return;
    throw failure(endpoint, reply, 'logout');
  }

  private async post(endpoint: BackendEndpoint, path: string, body: unknown): Promise<HttpReply> {
    const seconds = Math.round(this.timeoutMs / 1000);
    try {
      const response = await this.fetch(`${endpoint.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        // A redirect would re-send the password somewhere we did not vet.
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      return { status: response.status, text, retryAfter: response.headers.get('retry-after'), date: response.headers.get('date') };
    } catch (error) {
      throw networkFailure(endpoint, error, seconds);
    }
  }

  private session(endpoint: BackendEndpoint, reply: HttpReply, operation: Operation): BackendSession {
    if (reply.status !== 200) throw failure(endpoint, reply, operation);
    const json = parseJson(reply.text);
    const parsed = backendSessionSchema.safeParse(json);
    if (!parsed.success) {
      throw new ServiceError(
        'backend_error',
        json === undefined
          ? `${endpoint.host} answered, but not with JSON: this does not look like an S3 Desk backend.`
          : `${endpoint.host} answered with a session the app cannot use (${describeIssue(parsed.error.issues[0])}): this does not look like a compatible S3 Desk backend.`,
      );
    }
    const serverTimeMs = reply.date === null ? Number.NaN : Date.parse(reply.date);
    return Number.isNaN(serverTimeMs) ? parsed.data : { ...parsed.data, serverTimeMs };
  }
}

interface HttpReply {
  status: number;
  text: string;
  retryAfter: string | null;
  date: string | null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describeIssue(issue: { path: PropertyKey[]; message: string } | undefined): string {
  if (!issue) return 'unknown problem';
  const field = issue.path.map(String).join('.') || 'reply';
  return `${field}: ${issue.message}`;
}

/** Maps an HTTP error reply to a contract error. */
function failure(endpoint: BackendEndpoint, reply: HttpReply, operation: Operation): ServiceError {
  const parsed = backendErrorBodySchema.safeParse(parseJson(reply.text));
  if (!parsed.success) {
    return new ServiceError(
      'backend_error',
      `${endpoint.host} answered HTTP ${reply.status} without an S3 Desk error: this does not look like an S3 Desk backend. Check the address.`,
    );
  }
  const { code } = parsed.data.error;
  // The backend promises its messages hold no secrets; redact anyway, since we cannot vouch for every backend.
  const backendMessage = redactSecrets(parsed.data.error.message).slice(0, 300);

  if (reply.status === 429 || code === 'rate_limited') {
    const seconds = parseRetryAfter(reply.retryAfter) ?? DEFAULT_RETRY_AFTER_SECONDS;
    return new ServiceError('rate_limited', `Too many sign-in attempts. Try again in ${formatSeconds(seconds)}.`, seconds);
  }
  if (code === 'invalid_credentials' && operation === 'login') {
    return new ServiceError('invalid_credentials', 'The username or password is incorrect.');
  }
  if (code === 'invalid_refresh_token' || code === 'refresh_token_reused') {
    return new ServiceError(
      'session_expired',
      code === 'refresh_token_reused'
        ? 'Your session was ended because its sign-in was used elsewhere. Sign in again.'
        : 'Your session has expired. Sign in again.',
    );
  }
  if (reply.status === 502 || reply.status === 503) {
    const retry = parseRetryAfter(reply.retryAfter);
    return reply.status === 503
      ? new ServiceError('identity_service_error', `${endpoint.host} could not reach the AWS identity service (Amazon Cognito) right now. Try again in a moment.`, retry)
      : new ServiceError(
          'identity_misconfigured',
          `${endpoint.host} could not get AWS access from Amazon Cognito: its identity pool or developer provider settings are wrong. An administrator should check the backend's configuration. The backend said: ${backendMessage}`,
          retry,
        );
  }
  return new ServiceError('backend_error', `${endpoint.host} refused the request (HTTP ${reply.status}, ${code}): ${backendMessage}`);
}

/** Turns fetch's rejections into "which host, and what happened". */
function networkFailure(endpoint: BackendEndpoint, error: unknown, timeoutSeconds: number): ServiceError {
  const host = endpoint.host;
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ServiceError('backend_unreachable', `${host} did not answer within ${timeoutSeconds} seconds. Check your network connection, or try again later.`);
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : '';
  const causeMessage = typeof cause?.message === 'string' ? cause.message : '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ServiceError('backend_unreachable', `Could not find ${host}. Check the address and your network connection.`);
  }
  if (code === 'ECONNREFUSED') {
    return new ServiceError('backend_unreachable', `${host} refused the connection. Check the address, or whether the S3 Desk backend is running.`);
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return new ServiceError('backend_unreachable', `The connection to ${host} was closed before it answered. Try again.`);
  }
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || /certificate/i.test(causeMessage)) {
    return new ServiceError('backend_unreachable', `Could not make a secure connection to ${host}: its certificate is not trusted.`);
  }
  if (/redirect/i.test(causeMessage)) {
    return new ServiceError('backend_error', `${host} redirected the request elsewhere: enter the backend’s exact address.`);
  }
  return new ServiceError('backend_unreachable', `Could not reach ${host}${code ? ` (${code})` : ''}. Check the address and your network connection.`);
}

/** Retry-After is whole seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.max(1, Number.parseInt(trimmed, 10));
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(1, Math.ceil((date - now) / 1000));
}

function formatSeconds(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}
