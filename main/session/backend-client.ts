import type { BackendEndpoint } from './backend-url';
import { backendErrorBodySchema, backendSessionSchema, type BackendSession } from './backend-session';
import { ServiceError } from '../shared/errors';
import { silentLogger, type Logger } from '../shared/logger';
import { redactSecrets } from '../shared/redact';

export interface BackendClientOptions {
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  /** Per request, including reading the body. */
  timeoutMs?: number;
  /** The largest reply body read; a longer one is not from an S3 Desk backend. */
  maxReplyBytes?: number;
  /** Why a reply was not the backend contract (never its content), for whoever reads the log. */
  logger?: Logger;
}

type Operation = 'login' | 'refresh' | 'logout';

/** The only requests the client ever makes: POST <baseUrl> + one of these. */
const AUTH_PATHS: Record<Operation, string> = { login: '/v1/auth/login', refresh: '/v1/auth/refresh', logout: '/v1/auth/logout' };

const DEFAULT_TIMEOUT_MS = 15_000;
/** A Session is a few KiB; nothing the contract sends comes near this. */
export const DEFAULT_MAX_REPLY_BYTES = 1024 * 1024;
/** A 429 without Retry-After still deserves a number in the UI. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

/**
 * The backend's HTTP contract (backend/openapi.yaml) over fetch. Every
 * failure becomes a ServiceError with a contract code and a sentence that
 * names the backend's host but never a password or token.
 *
 * Only a reply in the contract's shape counts as the backend's: anything
 * else (a refused or dropped connection, a timeout, a redirect, HTML, a body
 * of the wrong shape or size) is the one sentence "No S3 Desk backend
 * answered at <host>", so the page cannot use sign-in to tell a closed port
 * from an open one. The detail goes to the log.
 */
export class BackendClient {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly maxReplyBytes: number;
  private readonly logger: Logger;

  constructor(options: BackendClientOptions = {}) {
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxReplyBytes = options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
    this.logger = options.logger ?? silentLogger;
  }

  async login(endpoint: BackendEndpoint, username: string, password: string): Promise<BackendSession> {
    const reply = await this.post(endpoint, 'login', { username, password });
    return this.session(endpoint, reply, 'login');
  }

  /** Exchanges a refresh token for a new session; the backend rotates the refresh token. */
  async refresh(endpoint: BackendEndpoint, refreshToken: string): Promise<BackendSession> {
    const reply = await this.post(endpoint, 'refresh', { refreshToken });
    return this.session(endpoint, reply, 'refresh');
  }

  async logout(endpoint: BackendEndpoint, refreshToken: string): Promise<void> {
    const reply = await this.post(endpoint, 'logout', { refreshToken });
    if (reply.status >= 200 && reply.status < 300) return;
    throw this.failure(endpoint, reply, 'logout');
  }

  private async post(endpoint: BackendEndpoint, operation: Operation, body: unknown): Promise<HttpReply> {
    const url = authUrl(endpoint, operation);
    const stop = new AbortController();
    try {
      const response = await this.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        // A redirect would re-send the password somewhere we did not vet: it comes back as a 3xx, which is not the contract.
        redirect: 'manual',
        signal: AbortSignal.any([stop.signal, AbortSignal.timeout(this.timeoutMs)]),
      });
      const text = await readCapped(response, this.maxReplyBytes, stop);
      const json = /\bjson\b/i.test(response.headers.get('content-type') ?? '');
      return { status: response.status, text, json, retryAfter: response.headers.get('retry-after'), date: response.headers.get('date') };
    } catch (error) {
      throw this.networkFailure(endpoint, operation, error);
    } finally {
      // Whatever happened, nothing more is read from this connection.
      stop.abort();
    }
  }

  private session(endpoint: BackendEndpoint, reply: HttpReply, operation: Operation): BackendSession {
    if (reply.status !== 200) throw this.failure(endpoint, reply, operation);
    const parsed = backendSessionSchema.safeParse(parseJson(reply.text));
    if (!parsed.success) throw this.noBackend(endpoint, operation, `HTTP 200 without a usable session (${describeIssue(parsed.error.issues[0])})`);
    const serverTimeMs = reply.date === null ? Number.NaN : Date.parse(reply.date);
    return Number.isNaN(serverTimeMs) ? parsed.data : { ...parsed.data, serverTimeMs };
  }

  /** Maps an HTTP error reply to a contract error; a reply without the contract's error body is no backend's. */
  private failure(endpoint: BackendEndpoint, reply: HttpReply, operation: Operation): ServiceError {
    const parsed = reply.json ? backendErrorBodySchema.safeParse(parseJson(reply.text)) : null;
    if (!parsed?.success) return this.noBackend(endpoint, operation, `HTTP ${reply.status} without an S3 Desk error body`);
    return contractFailure(endpoint, reply, operation, parsed.data.error);
  }

  /** Turns fetch's rejections into "which host, and what happened". */
  private networkFailure(endpoint: BackendEndpoint, operation: Operation, error: unknown): ServiceError {
    const host = endpoint.host;
    const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
    const code = typeof cause?.code === 'string' ? cause.code : '';
    const causeMessage = typeof cause?.message === 'string' ? cause.message : '';
    // Name resolution and certificates are about the host, not about which of its ports are open.
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return new ServiceError('backend_unreachable', `Could not find ${host}. Check the address and your network connection.`);
    }
    if (code.startsWith('ERR_TLS') || code.includes('CERT') || /certificate/i.test(causeMessage)) {
      return new ServiceError('backend_unreachable', `Could not make a secure connection to ${host}: its certificate is not trusted.`);
    }
    const name = error instanceof Error ? error.name : typeof error;
    const why = error instanceof ReplyTooLargeError ? error.message : name === 'TimeoutError' ? `no reply within ${this.timeoutMs} ms` : `${name}${code ? ` (${code})` : ''}`;
    return this.noBackend(endpoint, operation, why);
  }

  /** The one sentence for everything that is not the contract; `why` is for the log only. */
  private noBackend(endpoint: BackendEndpoint, operation: Operation, why: string): ServiceError {
    this.logger.warn(`No S3 Desk backend answered ${operation} at ${endpoint.host}: ${redactSecrets(why)}`);
    return new ServiceError('backend_unreachable', noBackendMessage(endpoint.host));
  }
}

/** What the page sees when anything but an S3 Desk backend (or nothing) answered. */
export function noBackendMessage(host: string): string {
  return `No S3 Desk backend answered at ${host}. Check the address and that this computer can reach it, then try again.`;
}

interface HttpReply {
  status: number;
  text: string;
  /** The reply said its body is JSON. */
  json: boolean;
  retryAfter: string | null;
  date: string | null;
}

class ReplyTooLargeError extends Error {
  override name = 'ReplyTooLargeError';
}

/** <baseUrl>/v1/auth/<operation>, and nothing that could leave the backend's origin. */
function authUrl(endpoint: BackendEndpoint, operation: Operation): string {
  const url = new URL(`${endpoint.baseUrl}${AUTH_PATHS[operation]}`);
  if (url.origin !== endpoint.origin || url.search !== '' || url.hash !== '' || !url.pathname.endsWith(AUTH_PATHS[operation])) {
    throw new ServiceError('invalid_backend_url', 'That is not a valid S3 Desk address.');
  }
  return url.href;
}

/** Reads the body as it arrives and stops (closing the connection) once it passes maxBytes. */
async function readCapped(response: Response, maxBytes: number, stop: AbortController): Promise<string> {
  const tooLarge = () => {
    stop.abort();
    return new ReplyTooLargeError(`a reply larger than ${maxBytes} bytes`);
  };
  if (Number(response.headers.get('content-length')) > maxBytes) throw tooLarge();
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
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

/** A reply in the contract's error shape, which only an S3 Desk backend sends. */
function contractFailure(endpoint: BackendEndpoint, reply: HttpReply, operation: Operation, error: { code: string; message: string }): ServiceError {
  const { code } = error;
  // The backend promises its messages hold no secrets; redact anyway, since we cannot vouch for every backend.
  const backendMessage = redactSecrets(error.message).slice(0, 300);

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
