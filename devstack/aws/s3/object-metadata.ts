import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from './errors';
import { MAX_KEY_BYTES, STORAGE_CLASSES } from './context';
import type { ObjectRecord } from './object-store';

/** User metadata from x-amz-meta-* request headers (names lower-cased, as S3 stores them). */
export function userMetadata(headers: IncomingHttpHeaders): Record<string, string> {
  const metadata: Record<string, string> = {};
  let bytes = 0;
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('x-amz-meta-') || value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : value;
    metadata[name.slice('x-amz-meta-'.length)] = text;
    bytes += Buffer.byteLength(name) + Buffer.byteLength(text);
  }
  if (bytes > 2048) throw new S3Error(400, 'MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size.');
  return metadata;
}

export function storageClassOf(headers: IncomingHttpHeaders): string {
  const value = headers['x-amz-storage-class'];
  if (value === undefined) return 'STANDARD';
  const storageClass = String(value).toUpperCase();
  if (!STORAGE_CLASSES.has(storageClass)) throw new S3Error(400, 'InvalidStorageClass', 'The storage class you specified is not valid');
  return storageClass;
}

/** The Content-Encoding to store: whatever the client set, minus the aws-chunked transport coding. */
export function storedContentEncoding(headers: IncomingHttpHeaders): string | null {
  const value = headers['content-encoding'];
  if (typeof value !== 'string') return null;
  const codings = value
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '' && c.toLowerCase() !== 'aws-chunked');
  return codings.length > 0 ? codings.join(',') : null;
}

export function validateKey(key: string): void {
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    throw new S3Error(400, 'KeyTooLongError', 'Your key is too long');
  }
}

export function objectHeaders(object: ObjectRecord): Record<string, string | number> {
  const headers: Record<string, string | number> = {
    'content-type': object.contentType,
    etag: object.etag,
    'last-modified': new Date(object.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
  };
  if (object.contentEncoding) headers['content-encoding'] = object.contentEncoding;
  if (object.storageClass !== 'STANDARD') headers['x-amz-storage-class'] = object.storageClass;
  for (const [name, value] of Object.entries(object.metadata)) headers[`x-amz-meta-${name}`] = value;
  return headers;
}

export function quotedMd5(md5Hex: string): string {
  return `"${md5Hex}"`;
}
