import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { DatabaseLocation } from '../../backend/db';
import { openUserStore } from '../../backend/users';
import { makeJwt, POOL_ID, TEST_SCRYPT_PARAMS, tempDir } from './helpers';
import { bothStores, freshDatabase, type StoreKind } from './stores';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(script: string, args: string[], env: Record<string, string>, stdin?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [join(ROOT, 'backend', script), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** The variable that points the backend and its CLI at this database. */
function databaseEnv(location: DatabaseLocation): Record<string, string> {
  return location.kind === 'sqlite' ? { BACKEND_DB_PATH: location.path } : { BACKEND_DATABASE_URL: location.url };
}

describe.each(bothStores())('users CLI on %s', (kind: StoreKind) => {
  it('adds, lists, resets and removes users', async () => {
    const db = await freshDatabase(kind);
    const users = (args: string[], stdin?: string) => run('users-cli.ts', args, databaseEnv(db), stdin);

    const added = await users(['add', 'Alice', '--password-stdin'], 'first-password\n');
    expect(added).toMatchObject({ code: 0, stdout: '' });
    expect(added.stderr).toContain('Added user "alice"');

    const duplicate = await users(['add', 'ALICE', '--password-stdin'], 'other-password');
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/already exists/);

    // Without --password-stdin a password is generated and printed once, alone, on stdout.
    const generated = await users(['add', 'bob']);
    expect(generated.code).toBe(0);
    const bobPassword = generated.stdout.trim();
    expect(bobPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(generated.stderr).not.toContain(bobPassword);

    const listed = await users(['list']);
    expect(listed.code).toBe(0);
    const rows = listed.stdout.trim().split('\n').map((line) => line.split('\t'));
    expect(rows.map((row) => [row[0], row[2]])).toEqual([
      ['alice', '-'],
      ['bob', '-'],
    ]);
    expect(rows[0]?.[1]).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const reset = await users(['reset', 'alice', '--password-stdin'], 'second-password');
    expect(reset.code).toBe(0);

    const store = await openUserStore(db);
    try {
      // The trailing newline from the pipe is not part of the password.
      await expect(store.verify('alice', 'second-password')).resolves.not.toBeNull();
      await expect(store.verify('alice', 'first-password')).resolves.toBeNull();
      await expect(store.verify('bob', bobPassword)).resolves.not.toBeNull();
    } finally {
      await store.close();
    }

    const removed = await users(['remove', 'BOB']);
    expect(removed.code).toBe(0);
    expect((await users(['list'])).stdout.trim()).toMatch(/^alice\t/);
    const missing = await users(['remove', 'bob']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No user "bob"/);
    expect((await users(['reset', 'nobody', '--password-stdin'], 'long-enough')).code).toBe(1);
  });

});

describe('users CLI', () => {
  it('explains its usage and fails on bad input', async () => {
    const db = join(tempDir(), 'users.sqlite');
    const users = (args: string[], stdin?: string) => run('users-cli.ts', args, { BACKEND_DB_PATH: db }, stdin);

    const none = await users([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Usage: npm run backend:users -- <command>/);

    const help = await users(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--password-stdin/);

    for (const args of [['frobnicate'], ['add'], ['add', 'x', '--force'], ['remove', 'a', 'b'], ['list', '--password-stdin']]) {
      const result = await users(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/Usage:/);
    }

    const short = await users(['add', 'carol', '--password-stdin'], 'short');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 8 characters/);
    expect(short.stderr).not.toContain('short\n');
  });
});

describe('users CLI database errors', () => {
  it('refuses a database URL that is not PostgreSQL, or two databases at once, without quoting the URL', async () => {
    const notPostgres = await run('users-cli.ts', ['list'], { BACKEND_DATABASE_URL: 'mysql://root:fake-password-marker@db/desk' });
    expect(notPostgres.code).toBe(2);
    expect(notPostgres.stderr).toMatch(/BACKEND_DATABASE_URL must be a postgres:\/\/ URL/);
    expect(notPostgres.stderr).not.toContain('fake-password-marker');

    const both = await run('users-cli.ts', ['list'], {
      BACKEND_DATABASE_URL: 'postgres://desk@db/desk',
      BACKEND_DB_PATH: join(tempDir(), 'users.sqlite'),
    });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/not both/);
  });

  it('names an unreachable PostgreSQL server without its password', async () => {
    // A socket folder that does not exist: nothing can be listening there.
    const url = `postgres://desk:fake-password-marker@/desk?host=${encodeURIComponent(join(tempDir(), 'nowhere'))}&port=5432`;
    const result = await run('users-cli.ts', ['list'], { BACKEND_DATABASE_URL: url });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Could not open PostgreSQL .*nowhere:5432\/desk: connect ENOENT/);
    expect(result.stderr).not.toContain('fake-password-marker');
  });
});

describe('server CLI', () => {
  it('lists every configuration problem and exits 1', async () => {
    const result = await run('server-cli.ts', [], { BACKEND_PORT: 'eighty' });
    expect(result.code).toBe(1);
    for (const name of ['BACKEND_PORT', 'COGNITO_IDENTITY_POOL_ID', 'COGNITO_DEVELOPER_PROVIDER_NAME', 'BACKEND_BUCKETS']) {
      expect(result.stderr).toContain(name);
    }
  });
});

describe.each(bothStores())('server CLI on %s', (kind: StoreKind) => {
  it('starts from the environment and stops cleanly on SIGTERM', async () => {
    const child = spawn(TSX, [join(ROOT, 'backend', 'server-cli.ts')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        BACKEND_PORT: '0',
        ...databaseEnv(await freshDatabase(kind)),
        COGNITO_IDENTITY_POOL_ID: POOL_ID,
        COGNITO_DEVELOPER_PROVIDER_NAME: 'login.s3desk.test',
        BACKEND_BUCKETS: '[{"name":"team-shared","prefix":""}]',
      },
    });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(stderr);
        if (match?.[1]) resolve(match[1]);
      });
      child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
    });
    const health = await fetch(`${url}/v1/health`);
    expect(await health.json()).toEqual({ status: 'ok' });

    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (exitCode) => resolve(exitCode));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(/stopped/);
    expect(stderr).toContain(kind === 'sqlite' ? 'SQLite' : 'PostgreSQL');
  });
});

/** A Cognito endpoint that holds each GetOpenIdTokenForDeveloperIdentity answer until released. */
async function heldCognito() {
  let release!: () => void;
  let started!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const startedPromise = new Promise<void>((resolve) => (started = resolve));
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    started();
    void released.then(() => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify({ IdentityId: 'us-east-1:11111111-2222-4333-8444-555555555555', Token: makeJwt({ sub: 'x' }) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, started: startedPromise, release };
}

describe('server CLI shutdown', () => {
  it('on SIGTERM, finishes the sign-in in flight, then exits 0', async () => {
    const location = await freshDatabase('sqlite');
    const store = await openUserStore(location, { scryptParams: TEST_SCRYPT_PARAMS });
    await store.add('alice', 'wonderland');
    await store.close();
    const cognito = await heldCognito();
    const child = spawn(TSX, [join(ROOT, 'backend', 'server-cli.ts')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        BACKEND_PORT: '0',
        ...databaseEnv(location),
        COGNITO_IDENTITY_POOL_ID: POOL_ID,
        COGNITO_DEVELOPER_PROVIDER_NAME: 'login.s3desk.test',
        COGNITO_ENDPOINT: cognito.url,
        AWS_ACCESS_KEY_ID: 'fake-access-key-for-tests',
        AWS_SECRET_ACCESS_KEY: 'fake-secret-for-tests',
        BACKEND_BUCKETS: '[{"name":"team-shared","prefix":""}]',
        BACKEND_LOG_FORMAT: 'json',
        // Node's own process warnings (an SDK deprecation notice) are not the backend's to format.
        NODE_NO_WARNINGS: '1',
      },
    });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(stderr);
        if (match?.[1]) resolve(match[1]);
      });
      void exited.then(() => reject(new Error(`exited early: ${stderr}`)));
    });

    const login = fetch(`${url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'wonderland' }),
    });
    await cognito.started;
    child.kill('SIGTERM');
    // Still running while the sign-in waits: wait for it to say it is stopping.
    while (!stderr.includes('Received SIGTERM')) await new Promise((resolve) => child.stderr.once('data', resolve));
    cognito.release();

    const res = await login;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { username: string }).username).toBe('alice');
    expect(await exited).toBe(0);
    // One JSON object per line, in pino's shape, the request's facts beside its message.
    const records = stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((record) => record.msg)).toEqual([
      expect.stringMatching(/^listening on http:/),
      'Received SIGTERM, stopping.',
      expect.stringMatching(/^POST \/v1\/auth\/login 200 \d+ms$/),
      'stopped',
    ]);
    expect(records[2]).toEqual({
      level: 30,
      time: expect.any(Number),
      pid: expect.any(Number),
      hostname: expect.any(String),
      name: 's3desk-backend',
      msg: expect.any(String),
      method: 'POST',
      route: '/v1/auth/login',
      statusCode: 200,
      responseTimeMs: expect.any(Number),
    });
    expect(stderr).not.toContain('wonderland');
  });
});
