import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Server as HttpServer, createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { BackendClient, DEFAULT_MAX_REPLY_BYTES, noBackendMessage, parseRetryAfter } from '../../../main/session/backend-client';
import { parseBackendUrl } from '../../../main/session/backend-url';
import { ServiceError } from '../../../main/shared/errors';
import type { Logger } from '../../../main/shared/logger';
import { startCannedServer, type CannedServer } from '../helpers/canned-server';
import { backendSession } from '../helpers/sessions';

const PASSWORD = 'correct horse battery staple';
const REFRESH = 'REFRESH-TOKEN-SECRET-0123456789abcdefghijklmnopq';

async function failure(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ServiceError);
  const serviceError = error as ServiceError;
  // Whatever went wrong, the sentence never carries the password or a token.
  expect(serviceError.message).not.toContain(PASSWORD);
  expect(serviceError.message).not.toContain(REFRESH);
  return serviceError;
}

const logged: string[] = [];
const recordingLogger: Logger = { info: () => {}, warn: (line) => logged.push(line), error: (line) => logged.push(line) };

const errorBody = (code: string, message = 'The backend says no.') => JSON.stringify({ error: { code, message } });

describe('BackendClient against canned HTTP replies', () => {
  let server: CannedServer;
  let client: BackendClient;
  const endpoint = () => parseBackendUrl(`${server.url}/base`);
  const noBackend = (host = new URL(server.url).host) => ({ code: 'backend_unreachable', message: noBackendMessage(host) });

  beforeAll(async () => {
    server = await startCannedServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    logged.length = 0;
    // Generous: on a busy machine a loopback answer can take a while. The hang test makes its own short one.
    client = new BackendClient({ timeoutMs: 15_000, logger: recordingLogger });
    server.requests.length = 0;
  });
  afterAll(() => {
    // Whatever each test made it do, the client asked for nothing but the contract's three calls under the prefix.
    for (const request of server.requests) expect(`${request.method} ${request.path}`).toMatch(/^POST \/base\/v1\/auth\/(login|refresh|logout)$/);
  });

  it('posts the credentials as JSON under the path prefix and returns the validated Session', async () => {
    const session = backendSession();
    // The backend's Date header (1 s resolution) comes along, for measuring lifetimes on its clock.
    // Set here rather than left to Node, whose cached Date header can lag a second on a busy machine.
    const backendClock = Date.parse('2026-11-29T10:20:30Z');
    const headers = { date: new Date(backendClock).toUTCString() };
    server.reply('/base/v1/auth/login', { status: 200, headers, body: JSON.stringify({ ...session, extraField: 'ignored' }) });
    const result = await client.login(endpoint(), 'demo', PASSWORD);
    const { serverTimeMs, ...fields } = result;
    expect(fields).toEqual(session);
    expect(serverTimeMs).toBe(backendClock);
    expect(server.requests).toEqual([{ method: 'POST', path: '/base/v1/auth/login', body: JSON.stringify({ username: 'demo', password: PASSWORD }) }]);
  });

  it('401 invalid_credentials → invalid_credentials', async () => {
    server.reply('/base/v1/auth/login', { status: 401, body: errorBody('invalid_credentials', 'The username or password is incorrect.') });
    const error = await failure(client.login(endpoint(), 'demo', PASSWORD));
    expect(error.code).toBe('invalid_credentials');
    expect(error.message).toBe('The username or password is incorrect.');
  });

  it('429 with Retry-After → rate_limited with retryAfterSeconds', async () => {
    server.reply('/base/v1/auth/login', { status: 429, headers: { 'retry-after': '42' }, body: errorBody('rate_limited') });
    const error = await failure(client.login(endpoint(), 'demo', PASSWORD));
    expect(error.toIpcError()).toEqual({ code: 'rate_limited', message: 'Too many sign-in attempts. Try again in 42 seconds.', retryAfterSeconds: 42 });
  });

  it('503 from the backend → identity_service_error (passing); 502 → identity_misconfigured, for an administrator', async () => {
    server.reply('/base/v1/auth/login', { status: 503, headers: { 'retry-after': '5' }, body: errorBody('identity_service_unavailable') });
    const unavailable = await failure(client.login(endpoint(), 'demo', PASSWORD));
    expect(unavailable.code).toBe('identity_service_error');
    expect(unavailable.retryAfterSeconds).toBe(5);
    server.reply('/base/v1/auth/login', { status: 502, body: errorBody('identity_service_misconfigured', 'Check the identity pool id.') });
    const misconfigured = await failure(client.login(endpoint(), 'demo', PASSWORD));
    expect(misconfigured.code).toBe('identity_misconfigured');
    expect(misconfigured.message).toMatch(/administrator/);
    expect(misconfigured.message).toContain('Check the identity pool id.');
  });

  it('a non-JSON reply (200 or 404 HTML) → the one "no S3 Desk backend answered" error', async () => {
    server.reply('/base/v1/auth/login', { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>Welcome to nginx</html>' });
    expect((await failure(client.login(endpoint(), 'demo', PASSWORD))).toIpcError()).toEqual(noBackend());
    server.reply('/base/v1/auth/login', { status: 404, headers: { 'content-type': 'text/html' }, body: '<h1>Not Found</h1>' });
    expect((await failure(client.login(endpoint(), 'demo', PASSWORD))).toIpcError()).toEqual(noBackend());
  });

  it('a JSON reply that is not a Session → the same error; the log names the field, never a value', async () => {
    const { token: _token, ...withoutToken } = backendSession();
    server.reply('/base/v1/auth/login', { status: 200, body: JSON.stringify(withoutToken) });
    expect((await failure(client.login(endpoint(), 'demo', PASSWORD))).toIpcError()).toEqual(noBackend());
    expect(logged.at(-1)).toMatch(/login at 127\.0\.0\.1:\d+: HTTP 200 without a usable session \(token: /);
    expect(logged.join('\n')).not.toContain(withoutToken.refreshToken);
  });

  it('an error body in the contract’s shape but not sent as JSON → the same error', async () => {
    server.reply('/base/v1/auth/login', { status: 401, headers: { 'content-type': 'text/plain' }, body: errorBody('invalid_credentials') });
    expect((await failure(client.login(endpoint(), 'demo', PASSWORD))).toIpcError()).toEqual(noBackend());
  });

  it('no answer within the timeout, or a body that stops half-way → the same error, once the timeout has passed', async () => {
    server.reply('/base/v1/auth/login', { hang: true });
    const client = new BackendClient({ timeoutMs: 300, logger: recordingLogger });
    expect((await failure(client.login(endpoint(), 'demo', PASSWORD))).toIpcError()).toEqual(noBackend());
    expect(logged.at(-1)).toMatch(/no reply within 300 ms/);
    const stalled = await startRawHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"identityId":');
    });
    try {
      const error = await failure(client.login(parseBackendUrl(stalled.url), 'demo', PASSWORD));
      expect(error.toIpcError()).toEqual(noBackend(stalled.host));
    } finally {
      await stalled.close();
    }
  });

  it('a dropped connection → the same error', async () => {
    server.reply('/base/v1/auth/login', { drop: true });
    expect((await failure(client.login(endpoint(), 'demo', PASSWORD))).toIpcError()).toEqual(noBackend());
  });

  it('an unknown host → backend_unreachable saying it could not be found (a name, not a port)', async () => {
    const fetchNotFound: typeof fetch = async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND desk.invalid'), { code: 'ENOTFOUND' }) });
    };
    const error = await failure(new BackendClient({ fetch: fetchNotFound }).login(parseBackendUrl('desk.invalid'), 'demo', PASSWORD));
    expect(error.code).toBe('backend_unreachable');
    expect(error.message).toMatch(/Could not find desk\.invalid/);
  });

  it('a redirect to elsewhere is not followed (it would re-send the password there) and is no backend’s answer', async () => {
    const elsewhere = await startCannedServer();
    try {
      elsewhere.reply('/v1/auth/login', { status: 200, body: JSON.stringify(backendSession()) });
      for (const status of [301, 302, 307, 308]) {
        server.reply('/base/v1/auth/login', { status, headers: { location: `${elsewhere.url}/v1/auth/login` } });
        expect((await failure(client.login(endpoint(), 'demo', PASSWORD))).toIpcError(), String(status)).toEqual(noBackend());
      }
      expect(elsewhere.requests).toEqual([]);
      expect(server.requests).toHaveLength(4);
    } finally {
      await elsewhere.close();
    }
  });

  it('a 5xx without an S3 Desk error body → the same error; with one, the backend’s own failure as before', async () => {
    server.reply('/base/v1/auth/login', { status: 500, headers: { 'content-type': 'text/html' }, body: '<h1>Internal Server Error</h1>' });
    expect((await failure(client.login(endpoint(), 'demo', PASSWORD))).toIpcError()).toEqual(noBackend());
    server.reply('/base/v1/auth/login', { status: 502, body: '' });
    expect((await failure(client.login(endpoint(), 'demo', PASSWORD))).toIpcError()).toEqual(noBackend());
  });

  it('refresh: 200 → rotated Session; invalid_refresh_token and refresh_token_reused → session_expired', async () => {
    const rotated = backendSession({ refreshToken: 'ROTATED-REFRESH-TOKEN-abcdefghijklmnopqrstuvwx' });
    server.reply('/base/v1/auth/refresh', { status: 200, body: JSON.stringify(rotated) });
    await expect(client.refresh(endpoint(), REFRESH)).resolves.toMatchObject(rotated);
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ refreshToken: REFRESH });

    for (const code of ['invalid_refresh_token', 'refresh_token_reused']) {
      server.reply('/base/v1/auth/refresh', { status: 401, body: errorBody(code) });
      expect((await failure(client.refresh(endpoint(), REFRESH))).code, code).toBe('session_expired');
    }
  });

  it('logout: 204 resolves; an error reply rejects with a contract code', async () => {
    server.reply('/base/v1/auth/logout', { status: 204 });
    await expect(client.logout(endpoint(), REFRESH)).resolves.toBeUndefined();
    server.reply('/base/v1/auth/logout', { status: 401, body: errorBody('invalid_refresh_token') });
    expect((await failure(client.logout(endpoint(), REFRESH))).code).toBe('session_expired');
  });

  it('anything else → backend_error with the HTTP status', async () => {
    server.reply('/base/v1/auth/login', { status: 500, body: errorBody('internal_error', 'The backend failed unexpectedly.') });
    const error = await failure(client.login(endpoint(), 'demo', PASSWORD));
    expect(error.code).toBe('backend_error');
    expect(error.message).toContain('HTTP 500');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('30')).toBe(30);
    expect(parseRetryAfter('0')).toBe(1);
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:02:00 GMT', now)).toBe(120);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('sign-in cannot be used to probe ports', () => {
  it('a closed port and an open port with anything but an S3 Desk backend behind it give identical errors', async () => {
    const client = new BackendClient({ timeoutMs: 300 });
    const port = await freePort();
    const host = `127.0.0.1:${port}`;
    const attempt = async () => (await failure(client.login(parseBackendUrl(`http://${host}`), 'demo', PASSWORD))).toIpcError();

    const closed = await attempt();
    expect(closed).toEqual({ code: 'backend_unreachable', message: noBackendMessage(host) });
    const listeners: Array<[string, (port: number) => Promise<RunningServer>]> = [
      ['a web page', (at) => startRawHttpServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>Router login</html>'), at)],
      ['a 404', (at) => startRawHttpServer((_request, response) => response.writeHead(404).end('Not Found'), at)],
      ['a JSON API', (at) => startRawHttpServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), at)],
      ['a TCP server that closes at once', (at) => startTcpServer((socket) => socket.destroy(), at)],
      ['a TCP server that speaks another protocol', (at) => startTcpServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n'), at)],
      ['a TCP server that never answers', (at) => startTcpServer(() => {}, at)],
    ];
    for (const [what, listen] of listeners) {
      const open = await listen(port);
      try {
        expect(await attempt(), what).toEqual(closed);
      } finally {
        await open.close();
      }
    }
  });
});

describe('reply size cap', () => {
  it('a 2 MiB reply, declared or chunked, even one shaped like a Session → no S3 Desk backend answered', async () => {
    const twoMiB = JSON.stringify({ ...backendSession(), padding: 'x'.repeat(2 * 1024 * 1024) });
    const declared = await startRawHttpServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(twoMiB) }).end(twoMiB));
    const chunked = await startRawHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      for (let offset = 0; offset < twoMiB.length; offset += 64 * 1024) response.write(twoMiB.slice(offset, offset + 64 * 1024));
      response.end();
    });
    try {
      for (const server of [declared, chunked]) {
        logged.length = 0;
        const client = new BackendClient({ logger: recordingLogger });
        expect((await failure(client.login(parseBackendUrl(server.url), 'demo', PASSWORD))).toIpcError()).toEqual({ code: 'backend_unreachable', message: noBackendMessage(server.host) });
        expect(logged).toEqual([expect.stringContaining(`a reply larger than ${DEFAULT_MAX_REPLY_BYTES} bytes`)]);
      }
    } finally {
      await Promise.all([declared.close(), chunked.close()]);
    }
  });

  it('a reply that never ends → the same error at the cap, long before the timeout; the connection is closed and reading stops', async () => {
    let written = 0;
    let closed!: () => void;
    const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
    const endless = await startRawHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.on('close', closed);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = () => {
        while (!response.destroyed) {
          written += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
      };
      pump();
    });
    try {
      logged.length = 0;
      // A timeout the test would notice: the cap, not the clock, must end this.
      const client = new BackendClient({ timeoutMs: 25_000, logger: recordingLogger });
      expect((await failure(client.login(parseBackendUrl(endless.url), 'demo', PASSWORD))).toIpcError()).toEqual({ code: 'backend_unreachable', message: noBackendMessage(endless.host) });
      expect(logged).toEqual([expect.stringContaining('a reply larger than')]);
      await connectionClosed;
      // What the server got rid of: the cap plus what socket buffers hold, not an ever-growing body.
      expect(written).toBeLessThan(16 * 1024 * 1024);
    } finally {
      await endless.close();
    }
  });

  it('a smaller cap applies the same way', async () => {
    const session = JSON.stringify(backendSession());
    const server = await startRawHttpServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(session));
    try {
      const small = new BackendClient({ maxReplyBytes: 100 });
      expect((await failure(small.login(parseBackendUrl(server.url), 'demo', PASSWORD))).code).toBe('backend_unreachable');
      await expect(new BackendClient().login(parseBackendUrl(server.url), 'demo', PASSWORD)).resolves.toMatchObject({ username: 'demo' });
    } finally {
      await server.close();
    }
  });
});

describe('what the client requests', () => {
  it('only <baseUrl>/v1/auth/<call> on the typed origin: an endpoint that would leave it is refused before any request', async () => {
    const requested: string[] = [];
    const recordingFetch: typeof fetch = async (input) => {
      requested.push(String(input));
      return new Response(null, { status: 204 });
    };
    const client = new BackendClient({ fetch: recordingFetch });
    await client.logout(parseBackendUrl('https://desk.example.com/s3desk/'), REFRESH);
    expect(requested).toEqual(['https://desk.example.com/s3desk/v1/auth/logout']);
    const forged = { origin: 'https://desk.example.com', baseUrl: 'https://desk.example.com@elsewhere.example', host: 'desk.example.com' };
    expect((await failure(client.login(forged, 'demo', PASSWORD))).code).toBe('invalid_backend_url');
    expect(requested).toHaveLength(1);
  });
});

interface RunningServer {
  url: string;
  host: string;
  close(): Promise<void>;
}

/** A port free right now: bind one, then close it. */
async function freePort(): Promise<number> {
  const probe = await startTcpServer(() => {}, 0);
  const port = Number(new URL(probe.url).port);
  await probe.close();
  return port;
}

async function running(server: HttpServer | NetServer, scheme: string): Promise<RunningServer> {
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if (server instanceof HttpServer) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function startRawHttpServer(handler: (request: IncomingMessage, response: ServerResponse) => void, port = 0): Promise<RunningServer> {
  const server = createHttpServer((request, response) => {
    request.resume();
    request.on('end', () => handler(request, response));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return running(server, 'http');
}

async function startTcpServer(onConnection: (socket: Socket) => void, port = 0): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const base = await running(server, 'http');
  return {
    ...base,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return base.close();
    },
  };
}
