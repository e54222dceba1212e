import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN_PREFIX, handleAdmin } from './admin';
import { BlobStore } from './blob-store';
import { authenticateDeveloperCall, cognitoOperationOf, readCognitoBody, sendCognitoError, sendCognitoResult, type DeveloperKey } from './cognito/cognito-endpoint';
import { CognitoService } from './cognito/cognito-service';
import { CognitoError, cognitoErrors } from './cognito/errors';
import { identityPoolSchema, type IdentityPool } from './cognito/identity-pools';
import { IdentityStore } from './cognito/identity-store';
import { OpenIdTokens } from './cognito/openid-tokens';
import { EmulatorControls } from './controls';
import type { BodyCut } from './faults';
import { openAwsDatabase } from './database';
import { newRequestId, S3Error, s3Errors } from './s3/errors';
import { MultipartStore } from './s3/multipart-store';
import { ObjectStore } from './s3/object-store';
import { S3Service } from './s3/s3-service';
import type { SignedRequest } from './sigv4';

export interface AwsEmulatorOptions {
  /** Where metadata and object bytes persist. */
  dataDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  region: string;
  identityPools: IdentityPool[];
  /** IAM keys allowed to call the developer APIs (the backend's). */
  developerKeys: DeveloperKey[];
  credentialLifetimeSeconds?: number;
  tokenLifetimeSeconds?: number;
  /** How long a RestoreObject takes on the emulator's clock (default 2 s; see controls.ts). */
  restoreDelaySeconds?: number;
  log?: (line: string) => void;
}

export interface AwsEmulator {
  /** e.g. http://127.0.0.1:4566 — for both Cognito Identity and S3 (path-style). */
  endpoint: string;
  port: number;
  region: string;
  controls: EmulatorControls;
  objects: ObjectStore;
  /** Multipart uploads in progress, as the emulator holds them (tests look here, not through any role's ListMultipartUploads). */
  uploads: MultipartStore;
  /** Every token, key id, secret and session token issued since start: for leak canaries. */
  issuedSecrets(): string[];
  close(): Promise<void>;
}

export async function startAwsEmulator(options: AwsEmulatorOptions): Promise<AwsEmulator> {
  const pools = new Map(options.identityPools.map((p) => [p.id, identityPoolSchema.parse(p)]));
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const db = openAwsDatabase(options.dataDir);
  const blobs = new BlobStore(options.dataDir);
  const objects = new ObjectStore(db, blobs);
  const uploads = new MultipartStore(db, blobs);
  const identities = new IdentityStore(db, options.region);
  const tokens = await OpenIdTokens.open(options.dataDir);
  const controls = new EmulatorControls(options);
  const issued = new Set<string>();
  const cognito = new CognitoService(pools, identities, tokens, {
    clock: controls.clock,
    credentialLifetimeSeconds: () => controls.credentialLifetimeSeconds,
    tokenLifetimeSeconds: () => controls.tokenLifetimeSeconds,
    onIssued: (secret) => issued.add(secret),
  });
  const s3 = new S3Service({
    clock: controls.clock,
    region: options.region,
    objects,
    uploads,
    identities,
    pools,
    restoreDelaySeconds: () => controls.restoreDelaySeconds,
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    // SDKs correct their clock skew from this header, so it must show the emulator's clock.
    res.setHeader('date', new Date(controls.clock.now()).toUTCString());
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const signed: SignedRequest = {
      method: req.method ?? 'GET',
      rawPath: q === -1 ? url : url.slice(0, q),
      rawQuery: q === -1 ? '' : url.slice(q + 1),
      headers: req.headers,
    };
    let operation = 'unknown';
    // On close, not finish, so that answers a fault cut short are logged too; a Range is shown (resumed downloads start with one).
    const range = typeof req.headers.range === 'string' ? ` ${req.headers.range}` : '';
    res.on('close', () => log(`aws ${operation} ${res.writableFinished ? res.statusCode : `${res.statusCode} cut off`}${range} ${Date.now() - started}ms`));

    if (signed.rawPath.startsWith(ADMIN_PREFIX)) {
      operation = 'admin';
      return handleAdmin(req, res, signed.rawPath, controls);
    }

    if (req.headers['x-amz-target'] !== undefined) {
      const requestId = randomUUID();
      try {
        const name = cognitoOperationOf(req);
        operation = name;
        controls.countCall(name);
        if ((await applyFaults(name, req)).answered) return;
        const body = await readCognitoBody(req);
        authenticateDeveloperCall(name, signed, body, options.developerKeys, controls.clock, options.region);
        let input: unknown;
        try {
          input = JSON.parse(body.toString('utf8') || '{}');
        } catch {
          throw cognitoErrors.serialization('The request body is not valid JSON.');
        }
        sendCognitoResult(res, await cognito.handle(name, input), requestId);
      } catch (error) {
        sendCognitoError(res, asCognitoError(error, log), requestId);
      }
      return;
    }

    res.setHeader('x-amz-request-id', newRequestId());
    try {
      const route = s3.route(req, signed);
      operation = route.operation;
      controls.countCall(route.operation);
      const faults = await applyFaults(route.operation, req);
      if (faults.answered) return;
      await s3.handle(req, res, signed, route, faults.cutBody);
    } catch (error) {
      const s3Error = asS3Error(error, log);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body = req.method === 'HEAD' ? '' : s3Error.toXml(signed.rawPath);
      res.writeHead(s3Error.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    }
  }

  /** `answered`: a fault already answered (or dropped) the request; `cutBody`: how to cut its answer's body short. */
  async function applyFaults(operation: string, req: IncomingMessage): Promise<{ answered: boolean; cutBody?: BodyCut }> {
    const outcome = controls.faults.take(operation);
    if (outcome.delayMs > 0) await sleep(outcome.delayMs);
    if (outcome.failure === 'drop') {
      req.socket.destroy();
      return { answered: true };
    }
    if (outcome.failure === 'throttle') throw isCognito(req) ? cognitoErrors.tooManyRequests() : s3Errors.slowDown();
    if (outcome.failure === 'error') throw isCognito(req) ? cognitoErrors.internal() : s3Errors.internalError();
    return { answered: false, cutBody: outcome.cutBody };
  }

  const server: Server = createServer({ requestTimeout: 0, keepAliveTimeout: 30_000 }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`aws unexpected error: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4566, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';

  return {
    endpoint: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    region: options.region,
    controls,
    objects,
    uploads,
    issuedSecrets: () => [...issued],
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}

function isCognito(req: IncomingMessage): boolean {
  return req.headers['x-amz-target'] !== undefined;
}

function asCognitoError(error: unknown, log: (line: string) => void): CognitoError {
  if (error instanceof CognitoError) return error;
  log(`aws cognito internal error: ${(error as Error).stack ?? String(error)}`);
  return cognitoErrors.internal();
}

function asS3Error(error: unknown, log: (line: string) => void): S3Error {
  if (error instanceof S3Error) return error;
  if ((error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return new S3Error(400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.');
  }
  log(`aws s3 internal error: ${(error as Error).stack ?? String(error)}`);
  return s3Errors.internalError();
}
