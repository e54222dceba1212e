import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { DirectionSchedule, SharedLink } from './link-model';
import type { NetworkProfile } from './network-profile';

/**
 * A TCP proxy that makes loopback behave like a network link, for every
 * protocol and every client alike (devstack/README.md, "Network profiles").
 * Each direction of each connection is a serial link at the profile's rate
 * (and, if capped, a link all connections share) followed by a one-way delay
 * of half the round trip, with jitter that never reorders bytes. A new
 * connection's first bytes also wait one round trip, as for the TCP handshake.
 *
 * Chunks are passed on as node read them (never copied or split) and each
 * direction has at most one timer: it releases every chunk that is due and
 * schedules the next.
 */

export interface ShapingProxyOptions {
  /** Where connections go: the emulator. */
  target: { host: string; port: number };
  profile: NetworkProfile;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface ShapingProxy {
  /** http://host:port, the endpoint clients use instead of the target's. */
  endpoint: string;
  host: string;
  port: number;
  profile: NetworkProfile;
  /** Open client connections. */
  connectionCount(): number;
  /** Stops listening and resets every connection. */
  close(): Promise<void>;
}

const MIB = 1024 * 1024;
/** How fast an uncapped direction is assumed to be when sizing its queue. */
const UNCAPPED_BYTES_PER_SECOND = 256 * MIB;

export async function startShapingProxy(options: ShapingProxyOptions): Promise<ShapingProxy> {
  const { profile, target } = options;
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const clients = new Set<Socket>();
  const shared = {
    up: profile.aggregateBytesPerSecond === null ? null : new SharedLink(profile.aggregateBytesPerSecond),
    down: profile.aggregateBytesPerSecond === null ? null : new SharedLink(profile.aggregateBytesPerSecond),
  };
  const delayMs = profile.latencyMs / 2;
  const jitterMs = profile.jitterMs / 2;
  const rate = Math.min(profile.connectionBytesPerSecond ?? Infinity, profile.aggregateBytesPerSecond ?? Infinity, UNCAPPED_BYTES_PER_SECOND);
  // Room for what is in flight plus 50 ms of link queue; below resumeAt there is still ≥ 25 ms of it, so the link never idles for want of bytes.
  const limit = Math.max(MIB, (rate * (delayMs + jitterMs + 50)) / 1000);
  const bounds = { pauseAbove: limit, resumeAt: limit - Math.max(64 * 1024, (rate * 25) / 1000) };

  const server: Server = createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    const acceptedAt = performance.now();
    clients.add(client);
    client.on('close', () => clients.delete(client));
    const upstream = connect({ host: target.host, port: target.port, allowHalfOpen: true, noDelay: true });
    const direction = (link: SharedLink | null) =>
      new DirectionSchedule({ delayMs, jitterMs, bytesPerSecond: profile.connectionBytesPerSecond, shared: link, notBeforeMs: acceptedAt + profile.latencyMs });
    const cut = () => {
      for (const socket of [client, upstream]) if (!socket.destroyed) socket.resetAndDestroy();
    };
    const pipes = [new ShapedPipe(client, upstream, direction(shared.up), bounds), new ShapedPipe(upstream, client, direction(shared.down), bounds)];
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      let ended = false;
      socket.on('end', () => (ended = true));
      socket.on('error', cut);
      socket.on('close', () => {
        sockets.delete(socket);
        for (const pipe of pipes) if (pipe.destination === socket) pipe.stop();
        // Gone without a clean end (a reset, an error): the other side is reset too, as it would be over a network.
        if (!ended) cut();
      });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    profile,
    connectionCount: () => clients.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) if (!socket.destroyed) socket.resetAndDestroy();
        server.close(() => resolve());
      }),
  };
}

interface Pending {
  chunk: Buffer;
  releaseAt: number;
}

/** One direction of one connection: source → (link model) → destination. */
class ShapedPipe {
  private queue: Array<Pending | undefined> = [];
  private head = 0;
  private queuedBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private waitingForDrain = false;
  private sourcePaused = false;
  private sourceEnded = false;
  private destinationEnded = false;
  private stopped = false;

  constructor(
    private readonly source: Socket,
    readonly destination: Socket,
    private readonly schedule: DirectionSchedule,
    private readonly bounds: { pauseAbove: number; resumeAt: number },
  ) {
    source.on('data', (chunk: Buffer) => this.push(chunk));
    source.on('end', () => {
      this.sourceEnded = true;
      if (this.head === this.queue.length) this.endDestination();
    });
    destination.on('drain', () => {
      this.waitingForDrain = false;
      if (!this.stopped && this.timer === null) this.deliver();
    });
  }

  /** The destination is gone: drop what is queued; more bytes from the source are answered with a reset. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
    this.head = 0;
    this.queuedBytes = 0;
    if (this.sourcePaused) this.source.resume();
  }

  private push(chunk: Buffer): void {
    if (this.stopped) {
      this.source.resetAndDestroy();
      return;
    }
    this.queue.push({ chunk, releaseAt: this.schedule.releaseAt(chunk.length, performance.now()) });
    this.queuedBytes += chunk.length;
    if (!this.sourcePaused && this.queuedBytes > this.bounds.pauseAbove) {
      this.sourcePaused = true;
      this.source.pause();
    }
    // A timer already waits for an earlier (or equal) release time; else look now.
    if (this.timer === null && !this.waitingForDrain) this.deliver();
  }

  /** Writes every chunk that is due, then arms one timer for the next. */
  private deliver(): void {
    this.timer = null;
    const now = performance.now();
    while (this.head < this.queue.length) {
      const next = this.queue[this.head]!;
      if (next.releaseAt > now) break;
      this.queue[this.head++] = undefined;
      this.queuedBytes -= next.chunk.length;
      if (!this.destination.write(next.chunk)) {
        this.waitingForDrain = true;
        break;
      }
    }
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 1024) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    if (this.sourcePaused && this.queuedBytes <= this.bounds.resumeAt) {
      this.sourcePaused = false;
      this.source.resume();
    }
    if (this.head < this.queue.length) {
      if (!this.waitingForDrain) this.timer = setTimeout(() => this.deliver(), Math.max(1, Math.ceil(this.queue[this.head]!.releaseAt - now)));
    } else if (this.sourceEnded) {
      this.endDestination();
    }
  }

  /** Passes the source's end on once everything before it is delivered (half-close). */
  private endDestination(): void {
    if (this.stopped || this.destinationEnded) return;
    this.destinationEnded = true;
    this.destination.end();
  }
}
