import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  url: string;
  close(): Promise<void>;
}

/** Hop-by-hop headers (RFC 9110 §7.6.1) are the proxy's own business, never forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/**
 * The load balancer in front of the instances: each request goes to the next
 * instance in turn, with the client's address appended to X-Forwarded-For as
 * a reverse proxy does. An instance that cannot be reached is answered with
 * 502 in the contract's error shape.
 */
export async function startRoundRobinProxy(targets: readonly string[]): Promise<RoundRobinProxy> {
  if (targets.length === 0) throw new Error('The round robin needs at least one instance.');
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let next = 0;

  const forward = (incoming: IncomingMessage, outgoing: ServerResponse): void => {
    const target = new URL(targets[next++ % targets.length] as string);
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    const client = incoming.socket.remoteAddress ?? '';
    const forwardedFor = incoming.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = forwardedFor ? `${String(forwardedFor)}, ${client}` : client;
    const upstream = request(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers, agent },
      (answer) => {
        const answerHeaders: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name)) answerHeaders[name] = value;
        }
        outgoing.writeHead(answer.statusCode ?? 502, answerHeaders);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => {
      if (outgoing.headersSent) {
        outgoing.destroy();
        return;
      }
      const body = JSON.stringify({ error: { code: 'bad_gateway', message: 'The backend instance could not be reached.' } });
      outgoing.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      outgoing.end(body);
    });
    incoming.pipe(upstream);
  };

  // Idle client connections are never closed on a timer (close() ends them all): a client
  // reusing one at the moment the server gives up on it would see ECONNRESET, the
  // keep-alive race, and clients sit idle for minutes while the others sign in.
  const server = createServer({ keepAliveTimeout: 0 }, forward);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
