import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { ObjectRef, PreviewDescriptor } from '../../common/ipc';
import { formatBytes } from '../../common/format-bytes';
import { silentLogger, describeError, type Logger } from '../shared/logger';
import { previewKind } from './preview-kind';
import { mapS3Error } from '../aws/s3-errors';
import type { SessionClients } from '../aws/session-clients';

export interface PreviewServiceOptions {
  clients: SessionClients;
  /** Where handles are served, ending in '/': 's3desk-preview://preview/' in the app. */
  baseUrl: string;
  /**
   * The page's origin (app://s3desk, or the dev server's): a text preview is
   * fetch()ed across origins, so its answer must name the page as allowed to
   * read it. No other origin may.
   */
  pageOrigin?: string;
  logger?: Logger;
  /** Text previews show this many first bytes. */
  maxTextBytes?: number;
  /** Larger images are not previewed (decoding them would stall the window). */
  maxImageBytes?: number;
  /** Handles kept at once; older ones stop working (the pane shows one preview at a time). */
  maxHandles?: number;
}

interface PreviewHandle {
  sessionId: number;
  bucket: string;
  key: string;
  contentType: string;
  /** Bytes to serve from the start; null for the whole object. */
  firstBytes: number | null;
}

const ARCHIVED = new Set(['GLACIER', 'DEEP_ARCHIVE']);

/**
 * Previews without presigned URLs: openPreview answers an s3desk-preview:
 * address holding only a random handle, and handle() — the protocol handler
 * in main — streams the object (or its first bytes) from S3 with the
 * session's own client. Responses are typed by us, never by the object, so a
 * text file claiming to be HTML is shown as text.
 */
export class PreviewService {
  private readonly clients: SessionClients;
  private readonly baseUrl: string;
  private readonly pageOrigin: string | null;
  private readonly logger: Logger;
  private readonly maxTextBytes: number;
  private readonly maxImageBytes: number;
  private readonly maxHandles: number;
  private readonly handles = new Map<string, PreviewHandle>();
  private readonly unsubscribe: () => void;

  constructor(options: PreviewServiceOptions) {
    this.clients = options.clients;
    this.baseUrl = options.baseUrl;
    this.pageOrigin = options.pageOrigin ?? null;
    this.logger = options.logger ?? silentLogger;
    this.maxTextBytes = options.maxTextBytes ?? 256 * 1024;
    this.maxImageBytes = options.maxImageBytes ?? 25 * 1024 * 1024;
    this.maxHandles = options.maxHandles ?? 32;
    this.unsubscribe = this.clients.onSessionEnded((sessionId) => {
      for (const [id, handle] of this.handles) if (handle.sessionId === sessionId) this.handles.delete(id);
    });
  }

  async open(ref: ObjectRef): Promise<PreviewDescriptor> {
    const { info, s3 } = this.clients.client();
    let head;
    try {
      head = await s3.send(new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
    } catch (error) {
      throw mapS3Error(error, { action: 'preview', bucket: ref.bucket, prefix: ref.key });
    }
    const size = head.ContentLength ?? 0;
    const storageClass = head.StorageClass ?? 'STANDARD';
    if (ARCHIVED.has(storageClass) && !head.Restore?.includes('ongoing-request="false"')) {
      return { kind: 'unavailable', reason: `This object is in ${storageClass} archive storage; restore it before it can be previewed or downloaded.` };
    }
    const kind = previewKind(ref.key, head.ContentType ?? null);
    if (kind.kind === 'none') return { kind: 'unavailable', reason: 'There is no preview for this kind of file. Download it to open it.' };
    if (kind.kind === 'image') {
      if (size > this.maxImageBytes) {
        return { kind: 'unavailable', reason: `This image is ${formatBytes(size)}; images over ${formatBytes(this.maxImageBytes)} are not previewed. Download it to open it.` };
      }
      const url = this.register({ sessionId: info.id, bucket: ref.bucket, key: ref.key, contentType: kind.contentType, firstBytes: null });
      return { kind: 'image', url, contentType: kind.contentType, size };
    }
    const truncated = size > this.maxTextBytes;
    const previewBytes = Math.min(size, this.maxTextBytes);
    const url = this.register({
      sessionId: info.id,
      bucket: ref.bucket,
      key: ref.key,
      contentType: 'text/plain; charset=utf-8',
      firstBytes: truncated ? this.maxTextBytes : null,
    });
    return { kind: 'text', url, contentType: head.ContentType ?? 'text/plain', size, format: kind.format, truncated, previewBytes };
  }

  /** The protocol handler: answers a preview address with the object's bytes, or a plain error status. */
  async handle(request: Request): Promise<Response> {
    if (request.method !== 'GET') return plain(405, 'Only GET is supported.');
    const id = this.idFrom(request.url);
    const handle = id ? this.handles.get(id) : undefined;
    if (!handle || !this.clients.isActive(handle.sessionId)) return plain(404, 'This preview is no longer available.');
    let s3;
    try {
      s3 = this.clients.client().s3;
    } catch {
      return plain(404, 'This preview is no longer available.');
    }
    try {
      const reply = await s3.send(
        new GetObjectCommand({
          Bucket: handle.bucket,
          Key: handle.key,
          Range: handle.firstBytes === null ? undefined : `bytes=0-${handle.firstBytes - 1}`,
        }),
        { abortSignal: request.signal },
      );
      const body = reply.Body as Readable | undefined;
      if (!body) return plain(502, 'Amazon S3 sent no content.');
      return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
        status: 200,
        headers: {
          'content-type': handle.contentType,
          ...(reply.ContentLength !== undefined ? { 'content-length': String(reply.ContentLength) } : {}),
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          ...(this.pageOrigin ? { 'access-control-allow-origin': this.pageOrigin, vary: 'Origin' } : {}),
          // Whatever the bytes are, they never run as a document (an SVG opened directly stays inert).
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        },
      });
    } catch (error) {
      // The pane moved on to another file: nobody is waiting for this answer.
      if (request.signal.aborted) return plain(499, 'The preview was cancelled.');
      const mapped = mapS3Error(error, { action: 'preview', bucket: handle.bucket, prefix: handle.key });
      this.logger.warn(`Preview failed: ${describeError(mapped)}`);
      return plain(mapped.code === 'access_denied' ? 403 : mapped.code === 'no_such_key' ? 404 : 502, mapped.message);
    }
  }

  dispose(): void {
    this.unsubscribe();
    this.handles.clear();
  }

  private register(handle: PreviewHandle): string {
    const id = randomUUID();
    this.handles.set(id, handle);
    while (this.handles.size > this.maxHandles) this.handles.delete(this.handles.keys().next().value as string);
    return `${this.baseUrl}${id}`;
  }

  private idFrom(url: string): string | null {
    if (!url.startsWith(this.baseUrl)) return null;
    const id = url.slice(this.baseUrl.length).split(/[?#]/)[0]!;
    return /^[0-9a-f-]{36}$/.test(id) ? id : null;
  }
}

function plain(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}
