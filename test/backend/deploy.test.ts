import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { POOL_ID } from './helpers';

/**
 * What can be proven about the image and the compose file without Docker: the
 * image's own dependencies are exactly what the backend imports, its build
 * script produces a bundle that serves, and the compose file wires three
 * instances, PostgreSQL and the proxy as backend/README.md says.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BACKEND = join(ROOT, 'backend');
const DEPLOY = join(BACKEND, 'deploy');
const run = promisify(execFile);

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const backendPackage = readJson(join(BACKEND, 'package.json'));
const rootPackage = readJson(join(ROOT, 'package.json'));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' || name === 'deploy' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Packages the backend's sources import (a scoped name keeps its scope), without Node's own modules. */
function importedPackages(): string[] {
  const names = new Set<string>();
  for (const file of sourceFiles(BACKEND)) {
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/\bfrom\s+'([^'.][^']*)'|\bimport\s*\(\s*'([^'.][^']*)'\s*\)/g)) {
      if (!specifier || specifier.startsWith('node:')) continue;
      const parts = specifier.split('/');
      names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string));
    }
  }
  return [...names].sort();
}

describe('the backend image', () => {
  it('lists as dependencies exactly the packages the backend imports, at the versions the tests run', () => {
    expect(Object.keys(backendPackage.dependencies).sort()).toEqual(importedPackages());
    const rootVersions = { ...rootPackage.dependencies, ...rootPackage.devDependencies };
    for (const [name, range] of Object.entries(backendPackage.dependencies)) expect({ name, range }).toEqual({ name, range: rootVersions[name] });
  });

  it('has a lock file that matches its package.json, so npm ci in the image installs what it lists', () => {
    const lock = readJson(join(BACKEND, 'package-lock.json'));
    expect(lock.packages[''].dependencies).toEqual(backendPackage.dependencies);
    expect(lock.packages[''].devDependencies).toEqual(backendPackage.devDependencies);
    for (const name of Object.keys(backendPackage.dependencies)) expect(lock.packages[`node_modules/${name}`]?.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('builds, runs as an unprivileged user and checks its health on /v1/health', () => {
    const dockerfile = readFileSync(join(BACKEND, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^RUN npm run build$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev\b/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\\\n\s+CMD .*\/v1\/health/m);
    expect(dockerfile).toMatch(/^CMD \["node", "\/app\/dist\/server-cli\.js"\]$/m);
    expect(backendPackage.scripts.build).toMatch(/\bserver-cli\.ts users-cli\.ts\b.*--outdir=dist\b.*cp openapi\.yaml dist\//);
  });

  describe('its build script', () => {
    const work = mkdtempSync(join(tmpdir(), 's3desk-backend-image-'));
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it('bundles a server that starts from the bundle alone and answers /v1/health', { timeout: 120_000 }, async () => {
      // The build context of the image: backend/ alone, with packages resolved from node_modules.
      cpSync(BACKEND, join(work, 'backend'), { recursive: true, filter: (path) => !relative(BACKEND, path).startsWith('deploy') });
      symlinkSync(join(ROOT, 'node_modules'), join(work, 'backend', 'node_modules'), 'dir');
      await run('npm', ['run', 'build'], { cwd: join(work, 'backend') });
      // Only the bundle and the contract beside it: nothing of the TypeScript sources is needed.
      expect(readdirSync(join(work, 'backend', 'dist')).sort()).toEqual(['openapi.yaml', 'server-cli.js', 'users-cli.js']);
      symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');
      const image = join(work, 'app');
      cpSync(join(work, 'backend', 'dist'), join(image, 'dist'), { recursive: true });

      const server = spawn(process.execPath, [join(image, 'dist', 'server-cli.js')], {
        cwd: work,
        env: {
          PATH: process.env.PATH,
          BACKEND_HOST: '127.0.0.1',
          BACKEND_PORT: '0',
          BACKEND_DB_PATH: ':memory:',
          COGNITO_IDENTITY_POOL_ID: POOL_ID,
          COGNITO_DEVELOPER_PROVIDER_NAME: 'login.s3desk.test',
          BACKEND_BUCKETS: '[{"name":"team-shared"}]',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
      try {
        const url = await new Promise<string>((resolve, reject) => {
          server.stderr.on('data', () => {
            const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
            if (match) resolve(match[1] as string);
          });
          void exited.then(() => reject(new Error(`The bundled backend exited:\n${stderr}`)));
        });
        const health = await fetch(`${url}/v1/health`);
        expect(health.status).toBe(200);
        expect(await health.json()).toEqual({ status: 'ok' });
      } finally {
        server.kill('SIGTERM');
      }
      expect(await exited).toBe(0);
    });
  });
});

describe('the compose file', () => {
  const compose = parse(readFileSync(join(DEPLOY, 'compose.yaml'), 'utf8'), { merge: true });
  const backends = ['backend-1', 'backend-2', 'backend-3'];

  it('runs PostgreSQL, three backend instances from the image and a reverse proxy', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...backends, 'postgres', 'proxy']);
    for (const name of backends) {
      expect(compose.services[name].build.context).toBe('..');
      expect(compose.services[name].depends_on.postgres.condition).toBe('service_healthy');
      expect(compose.services[name].networks.sort()).toEqual(['database', 'front']);
    }
    expect(compose.services.postgres.networks).toEqual(['database']);
    expect(compose.networks.database.internal).toBe(true);
  });

  it('believes X-Forwarded-For from the proxy alone', () => {
    const proxyAddress = compose.services.proxy.networks.front.ipv4_address;
    expect(compose.networks.front.ipam.config[0].subnet).toBe('172.30.1.0/24');
    expect(proxyAddress).toMatch(/^172\.30\.1\.\d+$/);
    for (const name of backends) expect(compose.services[name].environment.BACKEND_TRUSTED_PROXIES).toBe(`${proxyAddress}/32`);
    const caddyfile = readFileSync(join(DEPLOY, 'Caddyfile'), 'utf8');
    expect(caddyfile).toMatch(/reverse_proxy backend-1:8787 backend-2:8787 backend-3:8787 \{/);
    expect(caddyfile).toMatch(/^\s*lb_policy round_robin$/m);
    // Metrics are for the internal network only (backend/README.md).
    expect(caddyfile).toMatch(/handle \/metrics\* \{\s*respond 404\s*\}/);
  });

  it('takes every secret from files outside the repository', () => {
    for (const secret of Object.values<{ file: string }>(compose.secrets)) expect(secret.file).toMatch(/^\.\/secrets\//);
    expect(compose.services.postgres.environment.POSTGRES_PASSWORD_FILE).toBe('/run/secrets/postgres-password');
    for (const name of backends) {
      expect(compose.services[name].env_file).toEqual(['./backend.env', './secrets/database.env']);
      expect(Object.keys(compose.services[name].environment).filter((key) => /PASSWORD|SECRET|DATABASE_URL|ACCESS_KEY/.test(key))).toEqual([]);
    }
    expect(readFileSync(join(DEPLOY, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['/secrets/', '/backend.env']));
  });
});
