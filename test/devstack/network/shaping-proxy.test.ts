import { afterEach, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { Agent, createServer as createHttpServer, request } from 'node:http';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { NetworkProfile } from '../../../devstack/network/network-profile';
import { startShapingProxy, type ShapingProxy } from '../../../devstack/network/shaping-proxy';

/*
 * Timing assertions here are lower bounds (a delay or a rate cap cannot be
 * beaten however idle the machine) or upper bounds generous enough for a
 * machine whose cores are busy with other work. That two connections each get
 * their own cap is a statement about the model, asserted in link-model.test.ts
 * where no clock is involved.
 */

const MIB = 1024 * 1024;
/** Timers fire on whole milliseconds: what the clock may appear to lose. */
const TIMER_SLACK_MS = 2;

function profile(values: Partial<NetworkProfile>): NetworkProfile {
  return { name: 'custom', latencyMs: 0, jitterMs: 0, connectionBytesPerSecond: null, aggregateBytesPerSecond: null, ...values };
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

const servers: Server[] = [];
const serverSockets = new Set<Socket>();
const proxies: ShapingProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
  for (const socket of serverSockets) socket.destroy();
  serverSockets.clear();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen<T extends Server>(server: T): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A raw TCP server; each connection goes to `onConnection`. */
async function tcpServer(onConnection: (socket: Socket) => void): Promise<number> {
  return listen(
    createServer({ allowHalfOpen: true }, (socket) => {
      serverSockets.add(socket);
      socket.on('error', () => {});
      onConnection(socket);
    }),
  );
}

async function proxyTo(port: number, shape: Partial<NetworkProfile>): Promise<ShapingProxy> {
  const proxy = await startShapingProxy({ target: { host: '127.0.0.1', port }, profile: profile(shape) });
  proxies.push(proxy);
  return proxy;
}

/** Connects through the proxy, optionally sends `upload` and half-closes, and collects everything until the other side ends. */
async function exchange(proxy: ShapingProxy, upload?: Buffer): Promise<{ received: Buffer; elapsedMs: number }> {
  const started = performance.now();
  const socket = connect({ host: '127.0.0.1', port: proxy.port, allowHalfOpen: true });
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  if (upload) socket.end(upload);
  await new Promise<void>((resolve, reject) => {
    socket.on('end', resolve);
    socket.on('error', reject);
  });
  const elapsedMs = performance.now() - started;
  socket.end();
  return { received: Buffer.concat(chunks), elapsedMs };
}

/** Reads a socket until it ends. */
function readAll(socket: Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve) => socket.on('end', () => resolve(Buffer.concat(chunks))));
}

describe('the shaping proxy', () => {
  it('passes bytes intact both ways: 4 MiB up, then (after the half-close) 4 MiB down', async () => {
    const down = randomBytes(4 * MIB);
    const port = await tcpServer((socket) => {
      void readAll(socket).then((received) => {
        socket.write(sha256(received));
        socket.end(down);
      });
    });
    const proxy = await proxyTo(port, { latencyMs: 10, jitterMs: 4, connectionBytesPerSecond: 64 * MIB });
    const up = randomBytes(4 * MIB);
    const { received } = await exchange(proxy, up);
    expect(received.subarray(0, 64).toString()).toBe(sha256(up));
    expect(sha256(received.subarray(64))).toBe(sha256(down));
  });

  it('keeps the other direction open after a half-close, from either side', async () => {
    // The server ends first and still hears the client afterwards.
    const heard = new Promise<string>((resolve) => {
      void tcpServer((socket) => {
        socket.end('bye from the server');
        void readAll(socket).then((data) => {
          resolve(data.toString());
          socket.destroy();
        });
      }).then(async (port) => {
        const proxy = await proxyTo(port, { latencyMs: 10 });
        const socket = connect({ host: '127.0.0.1', port: proxy.port, allowHalfOpen: true });
        const fromServer = await readAll(socket);
        expect(fromServer.toString()).toBe('bye from the server');
        socket.end('still here');
      });
    });
    expect(await heard).toBe('still here');
  });

  it('adds the round trip to an exchange, and one more round trip for a new connection’s handshake', async () => {
    const latencyMs = 100;
    const port = await listen(createHttpServer((_req, res) => res.end('pong')));
    const proxy = await proxyTo(port, { latencyMs });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const roundTrip = () =>
      new Promise<number>((resolve, reject) => {
        const started = performance.now();
        request(`${proxy.endpoint}/ping`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(performance.now() - started));
        })
          .on('error', reject)
          .end();
      });
    try {
      const first = await roundTrip();
      const second = await roundTrip();
      expect(first).toBeGreaterThanOrEqual(2 * latencyMs - TIMER_SLACK_MS);
      expect(second).toBeGreaterThanOrEqual(latencyMs - TIMER_SLACK_MS);
      expect(second).toBeLessThan(latencyMs + 2000);
    } finally {
      agent.destroy();
    }
  });

  it('holds a connection to its own rate: 4 MiB at 8 MiB/s takes at least half a second, either way', async () => {
    const payload = randomBytes(4 * MIB);
    const port = await tcpServer((socket) => {
      socket.on('data', () => {});
      socket.on('end', () => socket.end(payload));
    });
    const proxy = await proxyTo(port, { connectionBytesPerSecond: 8 * MIB });
    // Up: 4 MiB to the server before it answers; down: 4 MiB back.
    const { received, elapsedMs } = await exchange(proxy, payload);
    expect(received.length).toBe(payload.length);
    expect(elapsedMs).toBeGreaterThanOrEqual(2 * 500 - TIMER_SLACK_MS);
  });

  it('holds all connections together to the aggregate cap', async () => {
    const payload = randomBytes(2 * MIB);
    const port = await tcpServer((socket) => socket.end(payload));
    const proxy = await proxyTo(port, { connectionBytesPerSecond: 64 * MIB, aggregateBytesPerSecond: 8 * MIB });
    const started = performance.now();
    const both = await Promise.all([exchange(proxy), exchange(proxy)]);
    const elapsedMs = performance.now() - started;
    for (const { received } of both) expect(sha256(received)).toBe(sha256(payload));
    // 4 MiB in all at 8 MiB/s, though each connection alone could go eight times faster.
    expect(elapsedMs).toBeGreaterThanOrEqual(500 - TIMER_SLACK_MS);
  });

  it('stops reading from a sender while its receiver does not read (bounded memory, however fast the sender)', async () => {
    let written = 0;
    let stopWriting = false;
    const port = await tcpServer((socket) => {
      socket.on('error', () => {});
      const block = Buffer.alloc(MIB);
      const pump = () => {
        while (!stopWriting && socket.writable) {
          written += block.length;
          if (!socket.write(block)) return void socket.once('drain', pump);
        }
      };
      pump();
    });
    const proxy = await proxyTo(port, { latencyMs: 10 });
    const socket = connect({ host: '127.0.0.1', port: proxy.port });
    socket.pause();
    socket.on('error', () => {});
    await new Promise((resolve) => setTimeout(resolve, 1500));
    stopWriting = true;
    // Without back-pressure the proxy would have taken all the sender could write (gigabytes on an idle machine);
    // with it, only the proxy's bounded queue plus what the kernel's socket buffers hold.
    expect(written).toBeLessThan(128 * MIB);
    socket.destroy();
  });

  it('passes a reset on: the server is cut off when the client resets, and the other way round', async () => {
    const serverError = new Promise<string | undefined>((resolve) => {
      void tcpServer((socket) => {
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code));
        socket.write('hello');
      }).then(async (port) => {
        const proxy = await proxyTo(port, { latencyMs: 10 });
        const client = connect({ host: '127.0.0.1', port: proxy.port });
        client.on('error', () => {});
        await new Promise((resolve) => client.once('data', resolve));
        client.resetAndDestroy();
      });
    });
    expect(await serverError).toBe('ECONNRESET');

    const port = await tcpServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    const proxy = await proxyTo(port, { latencyMs: 10 });
    const client = connect({ host: '127.0.0.1', port: proxy.port });
    const clientError = new Promise<string | undefined>((resolve) => client.on('error', (error: NodeJS.ErrnoException) => resolve(error.code)));
    client.write('hello');
    expect(await clientError).toBe('ECONNRESET');
    await expect.poll(() => proxy.connectionCount()).toBe(0);
  });

  it('passes a clean close on after the bytes before it', async () => {
    const port = await tcpServer((socket) => socket.end('last words'));
    const proxy = await proxyTo(port, { latencyMs: 10 });
    const client = connect({ host: '127.0.0.1', port: proxy.port });
    expect((await readAll(client)).toString()).toBe('last words');
    await new Promise((resolve) => client.once('close', resolve));
    await expect.poll(() => proxy.connectionCount()).toBe(0);
  });

  it('cuts a client off when nothing listens behind it', async () => {
    const unused = createServer();
    const port = await listen(unused);
    await new Promise((resolve) => unused.close(resolve));
    servers.splice(servers.indexOf(unused), 1);
    const proxy = await proxyTo(port, { latencyMs: 10 });
    const client = connect({ host: '127.0.0.1', port: proxy.port });
    client.on('error', () => {});
    await new Promise((resolve) => client.once('close', resolve));
  });

  it('ends every connection on close()', async () => {
    const port = await tcpServer((socket) => socket.on('error', () => {}));
    const proxy = await proxyTo(port, { latencyMs: 10 });
    const clients = [0, 1].map(() => connect({ host: '127.0.0.1', port: proxy.port }).on('error', () => {}));
    await Promise.all(clients.map((client) => new Promise((resolve) => client.once('connect', resolve))));
    await expect.poll(() => proxy.connectionCount()).toBe(2);
    const closed = clients.map((client) => new Promise((resolve) => client.once('close', resolve)));
    await proxy.close();
    await Promise.all(closed);
    await expect.poll(() => proxy.connectionCount()).toBe(0);
  });
});
