import Fastify from 'fastify';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildApp } from '../../backend/app';
import { AuthService } from '../../backend/auth';
import { BackendMetrics } from '../../backend/metrics';
import { DEFAULT_OPENAPI_PATH, OpenApiContract } from '../../backend/openapi';
import { sdkError, startTestBackend, tempDir } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;
const yamlText = readFileSync(DEFAULT_OPENAPI_PATH, 'utf8');
const doc: Doc = parse(yamlText);

/** What buildApp needs besides the auth service and the contract, for tests that only register routes. */
const UNUSED_APP_OPTIONS = {
  log: () => undefined,
  metrics: new BackendMetrics(),
  databaseReady: async () => true,
};

/** An independent, naive $ref inliner, so the test does not trust the code under test. */
function deref(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(deref);
  if (!node || typeof node !== 'object') return node;
  const ref = (node as { $ref?: string }).$ref;
  if (ref) {
    expect(ref).toMatch(/^#\/components\/schemas\//);
    return deref(doc.components.schemas[ref.split('/').pop() as string]);
  }
  return Object.fromEntries(
    Object.entries(node)
      // `example` is documentation only and is the one keyword the loader drops.
      .filter(([key]) => key !== 'example')
      .map(([key, value]) => [key, deref(value)]),
  );
}

describe('backend/openapi.yaml', () => {
  it('is OpenAPI 3.0.3 with the five v1 operations', () => {
    expect(doc.openapi).toBe('3.0.3');
    expect(new OpenApiContract(doc).operations().sort()).toEqual(
      ['get /v1/health', 'get /v1/ready', 'post /v1/auth/login', 'post /v1/auth/logout', 'post /v1/auth/refresh'].sort(),
    );
  });

  it('documents every status code of the contract', () => {
    const codes = (path: string, method: string) => Object.keys(doc.paths[path][method].responses).sort();
    expect(codes('/v1/auth/login', 'post')).toEqual(['200', '400', '401', '413', '429', '502', '503', 'default']);
    expect(codes('/v1/auth/refresh', 'post')).toEqual(['200', '400', '401', '413', '502', '503', 'default']);
    expect(codes('/v1/auth/logout', 'post')).toEqual(['204', '400', '401', '413', 'default']);
    expect(codes('/v1/health', 'get')).toEqual(['200']);
    expect(codes('/v1/ready', 'get')).toEqual(['200', '503']);
    expect(doc.paths['/v1/auth/login'].post.responses['429'].headers['Retry-After']).toBeDefined();
    expect(doc.components.responses.IdentityServiceUnavailable.headers['Retry-After']).toBeDefined();
    expect(doc.components.schemas.Error.properties.error.properties.code.enum.sort()).toEqual(
      [
        'invalid_request',
        'invalid_credentials',
        'rate_limited',
        'invalid_refresh_token',
        'refresh_token_reused',
        'identity_service_unavailable',
        'identity_service_misconfigured',
        'not_found',
        'payload_too_large',
        'internal_error',
        'database_unavailable',
      ].sort(),
    );
  });

  it('is the source of every request-body schema the server validates with', () => {
    const contract = OpenApiContract.load();
    const auth = {} as AuthService; // routes are only registered, never called
    const { routes } = buildApp({ auth, contract, ...UNUSED_APP_OPTIONS });

    const served = routes.filter((route) => route.method !== 'HEAD').map((r) => `${r.method.toLowerCase()} ${r.url}`);
    // Plus the reference backend's own page for Prometheus, which is not part of the contract.
    expect(served.sort()).toEqual([...contract.operations(), 'get /metrics'].sort());

    const withBodies = routes.filter((route) => route.bodySchema);
    expect(withBodies.map((route) => route.url).sort()).toEqual(['/v1/auth/login', '/v1/auth/logout', '/v1/auth/refresh']);
    for (const route of withBodies) {
      const fromYaml = doc.paths[route.url][route.method.toLowerCase()].requestBody.content['application/json'].schema;
      expect(route.bodySchema).toEqual(deref(fromYaml));
    }
    expect(withBodies.find((route) => route.url === '/v1/auth/login')?.bodySchema).toMatchObject({
      additionalProperties: false,
      required: ['username', 'password'],
      properties: { username: { minLength: 1, maxLength: 128 }, password: { minLength: 1, maxLength: 1024 } },
    });
  });

  it('drives validation: an edited copy of the file changes what the server accepts', async () => {
    const path = join(tempDir(), 'openapi.yaml');
    writeFileSync(path, yamlText.replace(/maxLength: 128/, 'maxLength: 3'));
    const t = await startTestBackend({ openapiPath: path });
    await t.backend.users.add('bob', 'builder');
    await t.backend.users.add('alice', 'wonderland');
    expect((await t.login('bob', 'builder')).status).toBe(200);
    const res = await t.login('alice', 'wonderland');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/"username" must be at most 3 characters/);
  });

  it('fails fast when the file does not define a route the server serves', () => {
    const broken = structuredClone(doc);
    delete broken.paths['/v1/auth/logout'];
    const contract = new OpenApiContract(broken);
    expect(() => buildApp({ auth: {} as AuthService, contract, ...UNUSED_APP_OPTIONS })).toThrow(
      /no paths > \/v1\/auth\/logout/,
    );
  });

  it('describes what the server actually answers', async () => {
    const contract = OpenApiContract.load();
    // Fastify's own ajv (with formats), so date-time is checked too.
    const checker = Fastify({ ajv: { customOptions: { removeAdditional: false, coerceTypes: false } } });
    for (const name of ['Session', 'Error', 'Health', 'Readiness']) {
      checker.post(`/${name}`, { schema: { body: contract.schema(name) } }, async () => 'ok');
    }
    const conforms = async (name: string, body: unknown) => {
      const res = await checker.inject({ method: 'POST', url: `/${name}`, payload: body as object });
      return res.statusCode === 200 ? 'ok' : res.body;
    };

    // One entry with a label and one without: both shapes the server answers.
    const t = await startTestBackend({
      config: { buckets: [{ name: 'team-shared', prefix: '', label: 'Team library' }, { name: 'user-homes', prefix: 'home/${identityId}/' }] },
    });
    await t.backend.users.add('alice', 'wonderland');
    const login = await t.login('alice', 'wonderland');
    expect(login.body.buckets[0].label).toBe('Team library');
    expect(await conforms('Session', login.body)).toBe('ok');
    expect(await conforms('Session', { ...login.body, tokenExpiresAt: 'soon' })).not.toBe('ok');
    expect(await conforms('Session', { ...login.body, extra: 1 })).not.toBe('ok');
    // The optional bucket label: documented, bounded, and still optional.
    const labelled = (label: unknown) => ({ ...login.body, buckets: [{ name: 'team-shared', prefix: '', label }, { name: 'archive', prefix: '' }] });
    expect(await conforms('Session', labelled('Team library'))).toBe('ok');
    expect(await conforms('Session', labelled('x'.repeat(64)))).toBe('ok');
    expect(await conforms('Session', labelled('x'.repeat(65)))).not.toBe('ok');
    expect(await conforms('Session', labelled(''))).not.toBe('ok');
    expect(await conforms('Session', labelled(7))).not.toBe('ok');
    expect(await conforms('Session', (await t.post('/v1/auth/refresh', { refreshToken: login.body.refreshToken })).body)).toBe('ok');
    expect(await conforms('Health', (await t.request('/v1/health')).body)).toBe('ok');
    expect(await conforms('Readiness', (await t.request('/v1/ready')).body)).toBe('ok');

    t.issuer.failures.push(sdkError('NotAuthorizedException'), sdkError('TooManyRequestsException'));
    const errors = [
      await t.login('alice', 'wrong'),
      await t.post('/v1/auth/login', '{'),
      await t.post('/v1/auth/refresh', { refreshToken: 'unknown' }),
      await t.login('alice', 'wonderland'),
      await t.login('alice', 'wonderland'),
      await t.request('/nowhere'),
    ];
    expect(errors.map((res) => res.status)).toEqual([401, 400, 401, 502, 503, 404]);
    for (const res of errors) expect(await conforms('Error', res.body)).toBe('ok');
    await checker.close();
  });
});
