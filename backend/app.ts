import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AuthService } from './auth';
import { ApiError, notFound } from './errors';
import type { JsonSchema, OpenApiContract } from './openapi';
import { toApiError } from './request-errors';

declare module 'fastify' {
  interface FastifyRequest {
    /** Safe words for the access log (an error code, an upstream error name). */
    logNote: string;
  }
}

export interface AppOptions {
  auth: AuthService;
  contract: OpenApiContract;
  log: (line: string) => void;
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

export function buildApp({ auth, contract, log }: AppOptions): BuiltApp {
  const routes: RegisteredRoute[] = [];
  const app = Fastify({
    logger: false,
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
      log(`${request.method} (unroutable) ${apiError.statusCode} 0ms ${apiError.code}`);
      void sendError(reply, apiError);
    },
  });

  // Only JSON is accepted; without this, text/plain bodies would reach validation as strings.
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('logNote', '');

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      const bodySchema = (route.schema as { body?: JsonSchema } | undefined)?.body;
      routes.push({ method, url: route.url, ...(bodySchema ? { bodySchema } : {}) });
    }
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    // Sessions carry secrets: no cache may keep them.
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the raw URL: a URL can carry anything a client typed.
    const route = request.routeOptions.url ?? '(unknown route)';
    const note = request.logNote ? ` ${request.logNote}` : '';
    log(`${request.method} ${route} ${reply.statusCode} ${Math.round(reply.elapsedTime)}ms${note}`);
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

  app.post<{ Body: LoginBody }>(
    '/v1/auth/login',
    { schema: { body: bodySchema('post', '/v1/auth/login') } },
    async (request) => auth.login(request.body.username, request.body.password, request.ip),
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

function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  const request: FastifyRequest = reply.request;
  const note = [error.code, error.details.logNote].filter(Boolean).join(' ');
  request.logNote = request.logNote ? `${note} ${request.logNote}` : note;
  if (error.details.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.details.retryAfterSeconds));
  return reply.code(error.statusCode).type('application/json; charset=utf-8').send(error.body());
}
