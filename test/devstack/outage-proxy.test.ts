import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { startOutageProxy, type OutageProxy } from '../../devstack/outage-proxy';

/** fetch's failure reason: undici wraps the socket error as `cause`. */
async function fetchFailure(url: string): Promise<{ code?: string }> {
  const error = await fetch(url).then(
    () => {
      throw new Error(`expected ${url} to be unreachable`);
    },
    (caught: unknown) => caught as Error,
  );
  expect(error).toBeInstanceOf(TypeError);
  return error.cause as { code?: string };
}

/** Opens a raw keep-alive HTTP/1.1 connection and reads one whole reply over it. */
async function keepAliveConnection(url: string): Promise<{ socket: Socket; reply: string; closed: Promise<void> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write(`GET /kept-alive HTTP/1.1\r\nHost: ${hostname}\r\nConnection: keep-alive\r\n\r\n`);
  let reply = '';
  await new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('utf8');
      if (reply.includes('upstream says /kept-alive')) resolve();
    });
  });
  return { socket, reply, closed };
}

describe('startOutageProxy', () => {
  let upstream: Server;
  let upstreamUrl: string;
  let proxy: OutageProxy | null = null;

  beforeAll(async () => {
    upstream = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(`upstream says ${request.url}`);
    });
    upstream.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await proxy?.close();
    proxy = null;
  });

  afterAll(
    () =>
      new Promise<void>((resolve) => {
        upstream.closeAllConnections();
        upstream.close(() => resolve());
      }),
  );

  it('passes HTTP requests through to the target from a URL of its own on the same host', async () => {
    proxy = await startOutageProxy(upstreamUrl);
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(proxy.url).not.toBe(upstreamUrl);
    expect(proxy.isDown()).toBe(false);

    const response = await fetch(`${proxy.url}/v1/health?check=1`);
    expect(response.status).toBe(200);
    await expect(response.text()).resolves.toBe('upstream says /v1/health?check=1');
  });

  it('down() refuses new connections (fetch fails with ECONNREFUSED)', async () => {
    proxy = await startOutageProxy(upstreamUrl);
    await fetch(`${proxy.url}/before`).then((response) => response.text());

    await proxy.down();

    expect(proxy.isDown()).toBe(true);
    expect((await fetchFailure(`${proxy.url}/during`)).code).toBe('ECONNREFUSED');
    // The target itself is untouched.
    expect((await fetch(`${upstreamUrl}/direct`)).status).toBe(200);
  });

  it('down() cuts connections that were open (keep-alive), like a backend that went away', async () => {
    proxy = await startOutageProxy(upstreamUrl);
    const connection = await keepAliveConnection(proxy.url);
    expect(connection.reply).toMatch(/^HTTP\/1\.1 200/);
    expect(connection.reply.toLowerCase()).toContain('connection: keep-alive');
    expect(connection.socket.destroyed).toBe(false);

    await proxy.down();

    await connection.closed;
    expect(connection.socket.destroyed).toBe(true);
  });

  it('up() serves again on the same URL; down() and up() can repeat', async () => {
    proxy = await startOutageProxy(upstreamUrl);
    const url = proxy.url;
    for (let round = 1; round <= 2; round += 1) {
      await proxy.down();
      expect((await fetchFailure(`${url}/down-${round}`)).code).toBe('ECONNREFUSED');
      await proxy.up();
      expect(proxy.isDown()).toBe(false);
      expect(proxy.url).toBe(url);
      const response = await fetch(`${url}/up-${round}`);
      await expect(response.text()).resolves.toBe(`upstream says /up-${round}`);
    }
  });

  it('up() while already up, and down() while already down, change nothing', async () => {
    proxy = await startOutageProxy(upstreamUrl);
    await proxy.up();
    expect((await fetch(`${proxy.url}/still-up`)).status).toBe(200);
    await proxy.down();
    await proxy.down();
    expect(proxy.isDown()).toBe(true);
    expect((await fetchFailure(`${proxy.url}/still-down`)).code).toBe('ECONNREFUSED');
  });

  it('close() stops it for good', async () => {
    const closing = await startOutageProxy(upstreamUrl);
    await closing.close();
    expect(closing.isDown()).toBe(true);
    expect((await fetchFailure(`${closing.url}/closed`)).code).toBe('ECONNREFUSED');
  });
});
