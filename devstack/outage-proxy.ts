import { createServer, connect, type Server, type Socket } from 'node:net';

export interface OutageProxy {
  /** http://host:port of the proxy, to use instead of the target's URL. */
  url: string;
  /** Refuses new connections and cuts open ones, like a backend that went away. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  isDown(): boolean;
  close(): Promise<void>;
}

/**
 * A TCP pass-through in front of an HTTP service that can be switched off
 * and on: the soak command and tests use it to take the backend away for a
 * while without restarting it (and without losing its refresh-token state).
 */
export async function startOutageProxy(targetUrl: string): Promise<OutageProxy> {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = createServer((client) => {
        const upstream = connect(targetPort, target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      next.once('error', reject);
      next.listen(port, target.hostname, () => {
        const address = next.address();
        if (address && typeof address === 'object') port = address.port;
        server = next;
        resolve();
      });
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      const current = server;
      server = null;
      for (const socket of sockets) socket.destroy();
      if (!current) return resolve();
      current.close(() => resolve());
    });

  await listen();
  return {
    url: `${target.protocol}//${target.hostname}:${port}`,
    down: stop,
    up: async () => {
      if (!server) await listen();
    },
    isDown: () => server === null,
    close: stop,
  };
}
