import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CannedReply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (for timeouts). */
  hang?: boolean;
  /** Close the socket without answering. */
  drop?: boolean;
}

export interface CannedServer {
  url: string;
  /** What each request asked, in order. */
  requests: Array<{ method: string; path: string; body: string }>;
  reply(route: string, reply: CannedReply): void;
  close(): Promise<void>;
}

/** A tiny HTTP server on a free loopback port that answers each route with a canned reply. */
export async function startCannedServer(): Promise<CannedServer> {
  const routes = new Map<string, CannedReply>();
  const requests: CannedServer['requests'] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      requests.push({ method: request.method ?? '', path, body: Buffer.concat(chunks).toString('utf8') });
      const reply = routes.get(path) ?? { status: 404, body: 'not here' };
      if (reply.hang) return;
      if (reply.drop) {
        request.socket.destroy();
        return;
      }
      response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      response.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (route, reply) => routes.set(route, reply),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
