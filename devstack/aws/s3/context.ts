import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessCheck, S3Route } from './routes';
import type { ObjectStore } from './object-store';
import type { MultipartStore } from './multipart-store';
import type { BodyCut } from '../faults';

export interface S3Caller {
  identityId: string;
  poolId: string;
  accessKeyId: string;
}

/** Everything an S3 operation handler needs for one authenticated, authorized request. */
export interface S3Context {
  req: IncomingMessage;
  res: ServerResponse;
  route: S3Route;
  /** The x-amz-content-sha256 value the request was signed with. */
  payloadHash: string;
  caller: S3Caller;
  now: number;
  region: string;
  objects: ObjectStore;
  uploads: MultipartStore;
  isAllowed(check: AccessCheck): boolean;
  /** How long a RestoreObject takes, on the emulator's clock (a test control). */
  restoreDelaySeconds: number;
  /** An injected fault: the body stops after some bytes (GetObject). */
  cutBody?: BodyCut;
}

export function sendXml(res: ServerResponse, status: number, xml: string): void {
  const body = Buffer.from(xml, 'utf8');
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': body.length });
  res.end(body);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string | number> = {}): void {
  res.writeHead(status, headers);
  res.end();
}

export const MIB = 1024 * 1024;
export const GIB = 1024 * MIB;
export const MAX_SINGLE_PUT = 5 * GIB;
export const MIN_PART_SIZE = 5 * MIB;
export const MAX_KEY_BYTES = 1024;

export const STORAGE_CLASSES = new Set([
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
]);

/** Storage classes whose objects must be restored before they can be read. */
export const ARCHIVE_STORAGE_CLASSES = new Set(['GLACIER', 'DEEP_ARCHIVE']);
