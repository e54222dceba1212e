import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { AuthService } from './auth';
import { clientAddressKey } from './client-address';
import { ApiError, databaseUnavailable, notFound, unauthorized } from './errors';
import type { BackendLog } from './log-format';
import type { BackendMetrics } from './metrics';
import type { JsonSchema, OpenApiContract } from './openapi';
import { toApiError } from './request-errors';

declare module 'fastify' {
  interface FastifyRequest {
    /** Safe words for the access log (an error code, an upstream error name). */
    logNote: string;
    /** The contract's error code answered, if any (for metrics). */
    errorCode: string;
    /** The rate limit that refused, if any (for metrics). */
    refusedBy: string;
  }
}

export interface AppOptions {
  auth: AuthService;
  contract: OpenApiContract;
  log: BackendLog;
  /** Peers whose X-Forwarded-For is believed (addresses, CIDR ranges); none by default. */
  trustedProxies?: readonly string[];
  metrics: BackendMetrics;
  /** When set, GET /metrics needs `Authorization: Bearer <this>`. */
  metricsToken?: string;
  /** Whether the database answers, promptly: /v1/ready. */
  databaseReady: () => Promise<boolean>;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  bodySchema?: JsonSchema;
}

export interface BuiltApp {
  app: FastifyInstance;
  /** What fastify was actually given, so tests can prove the schemas come from openapi.yaml. */
  routes: RegisteredRoute[];
}

// Generous for a username and a 1 KiB password, small enough to refuse junk early.
const BODY_LIMIT_BYTES = 16 * 1024;

interface LoginBody {
  username: string;
  password: string;
}
interface TokenBody {
  refreshToken: string;
}

export function buildApp({
  auth,
  contract,
  log,
  trustedProxies = [],
  metrics,
  metricsToken,
  databaseReady,
}: AppOptions): BuiltApp {
  const routes: RegisteredRoute[] = [];
  const app = Fastify({
    logger: false,
    // A CIDR list makes fastify walk X-Forwarded-For from the right, from the socket's
    // peer, for as long as the hops are in it, which is exactly the rule we want.
    trustProxy: trustedProxies.length > 0 ? [...trustedProxies] : false,
    bodyLimit: BODY_LIMIT_BYTES,
    // Fastify's own 503 body would not match the contract's error shape; in-flight
    // requests simply finish before close() resolves.
    return503OnClosing: false,
    ajv: {
      // Fastify's defaults would silently drop unknown fields and coerce types;
      // the contract says unknown fields and wrong types are errors.
      customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false },
    },
    // Errors raised before routing (e.g. a malformed URL) skip the hooks, so log them here.
    frameworkErrors: (error, request, reply) => {
      const apiError = toApiError(error);
      log(`${request.method} (unroutable) ${apiError.statusCode} 0ms ${apiError.code}`, {
        method: request.method,
        route: '(unroutable)',
        statusCode: apiError.statusCode,
        errorCode: apiError.code,
      });
      void sendError(reply, apiError);
    },
  });

  // Only JSON is accepted; without this, text/plain bodies would reach validation as strings.
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('logNote', '');
  app.decorateRequest('errorCode', '');
  app.decorateRequest('refusedBy', '');

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      const bodySchema = (route.schema as { body?: JsonSchema } | undefined)?.body;
      routes.push({ method, url: route.url, ...(bodySchema ? { bodySchema } : {}) });
    }
  });

  // Once close() is called, a connection whose request was in flight is closed
  // after its answer: kept alive, it would hold the shutdown until the drain timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    // Sessions carry secrets: no cache may keep them.
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
    if (closing) reply.header('connection', 'close');
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the raw URL: a URL can carry anything a client typed.
    const route = request.routeOptions.url ?? '(unknown route)';
    const note = request.logNote ? ` ${request.logNote}` : '';
    const responseTimeMs = Math.round(reply.elapsedTime);
    log(`${request.method} ${route} ${reply.statusCode} ${responseTimeMs}ms${note}`, {
      method: request.method,
      route,
      statusCode: reply.statusCode,
      responseTimeMs,
      ...(request.errorCode ? { errorCode: request.errorCode } : {}),
      ...(request.refusedBy ? { limit: request.refusedBy } : {}),
    });
    countOutcome(metrics, request, route);
  });

  app.setErrorHandler((error, request, reply) => {
    // Fastify parses bodies even for unknown routes; the route being unknown is the real answer.
    const apiError = request.is404 ? notFound() : toApiError(error);
    if (apiError.statusCode >= 500 && !(error instanceof ApiError)) {
      // Stack frames only: the first stack line is the message, which may quote data.
      const frames = (error as Error).stack?.split('\n').slice(1, 6).join(' | ') ?? '';
      request.logNote = `unexpected ${safeErrorName(error)}${frames ? ` at ${frames.trim()}` : ''}`;
    }
    return sendError(reply, apiError);
  });

  app.setNotFoundHandler((_request, reply) => sendError(reply, notFound()));

  const bodySchema = (method: string, url: string): JsonSchema => contract.requestBodySchema(method, url);

  app.get('/v1/health', async () => ({ status: 'ok' }));

  app.get('/v1/ready', async () => {
    if (!(await databaseReady())) throw databaseUnavailable();
    return { status: 'ready' };
  });

  // Not part of the contract: the reference backend's own page for Prometheus.
  app.get('/metrics', async (request, reply) => {
    if (metricsToken !== undefined && !bearerMatches(request.headers.authorization, metricsToken)) {
      void reply.header('www-authenticate', 'Bearer');
      throw unauthorized();
    }
    const { contentType, text } = await metrics.exposition();
    return reply.type(contentType).send(text);
  });

  app.post<{ Body: LoginBody }>(
    '/v1/auth/login',
    { schema: { body: bodySchema('post', '/v1/auth/login') } },
    async (request) => auth.login(request.body.username, request.body.password, clientAddressKey(request.ips ?? [request.ip])),
  );

  app.post<{ Body: TokenBody }>(
    '/v1/auth/refresh',
    { schema: { body: bodySchema('post', '/v1/auth/refresh') } },
    async (request) => auth.refresh(request.body.refreshToken),
  );

  app.post<{ Body: TokenBody }>(
    '/v1/auth/logout',
    { schema: { body: bodySchema('post', '/v1/auth/logout') } },
    async (request, reply) => {
      await auth.logout(request.body.refreshToken);
      return reply.code(204).send();
    },
  );

  return { app, routes };
}

function safeErrorName(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /^\w{1,60}$/.test(name) ? name : 'Error';
}

function countOutcome(metrics: BackendMetrics, request: FastifyRequest, route: string): void {
  const outcome = request.errorCode || 'success';
  if (route === '/v1/auth/login') metrics.logins.inc({ outcome });
  else if (route === '/v1/auth/refresh') metrics.refreshes.inc({ outcome });
  if (request.refusedBy) metrics.rateLimited.inc({ limit: request.refusedBy });
}

/** Compares in constant time, so the answer's timing does not reveal how much of a guess was right. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/i.exec(header ?? '');
  const given = Buffer.from(match?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  const request: FastifyRequest = reply.request;
  request.errorCode = error.code;
  if (error.details.limit) request.refusedBy = error.details.limit;
  const note = [error.code, error.details.logNote].filter(Boolean).join(' ');
  request.logNote = request.logNote ? `${note} ${request.logNote}` : note;
  if (error.details.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.details.retryAfterSeconds));
  return reply.code(error.statusCode).type('application/json; charset=utf-8').send(error.body());
}
