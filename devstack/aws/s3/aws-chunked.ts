import { Transform, type TransformCallback } from 'node:stream';
import { S3Error } from './errors';

const MAX_LINE = 16 * 1024;

/**
 * Decodes the aws-chunked content encoding the AWS SDKs use for streaming
 * uploads with a trailing checksum:
 *   <hex size>[;chunk-signature=…]\r\n<bytes>\r\n … 0\r\n<trailer: value>\r\n\r\n
 * Only unsigned chunks are accepted; trailers are collected for the caller.
 */
export class AwsChunkedDecoder extends Transform {
  readonly trailers = new Map<string, string>();
  private state: 'size' | 'data' | 'data-end' | 'trailer' | 'done' = 'size';
  private remaining = 0;
  private line = Buffer.alloc(0);

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.consume(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    callback(this.state === 'done' ? null : incomplete());
  }

  private consume(input: Buffer): void {
    let offset = 0;
    while (offset < input.length) {
      if (this.state === 'data') {
        const take = Math.min(this.remaining, input.length - offset);
        this.push(input.subarray(offset, offset + take));
        offset += take;
        this.remaining -= take;
        if (this.remaining === 0) this.state = 'data-end';
        continue;
      }
      if (this.state === 'done') {
        if (input.subarray(offset).toString('latin1').trim() !== '') throw malformed('data after the final chunk');
        return;
      }
      const newline = input.indexOf(0x0a, offset);
      const end = newline === -1 ? input.length : newline + 1;
      this.line = Buffer.concat([this.line, input.subarray(offset, end)]);
      offset = end;
      if (this.line.length > MAX_LINE) throw malformed('a chunk header line is too long');
      if (newline === -1) return;
      const text = this.line.toString('latin1').replace(/\r?\n$/, '');
      this.line = Buffer.alloc(0);
      this.onLine(text);
    }
  }

  private onLine(text: string): void {
    switch (this.state) {
      case 'data-end':
        if (text !== '') throw malformed('chunk data is longer than its declared size');
        this.state = 'size';
        return;
      case 'size': {
        const [sizeText, ...extensions] = text.split(';');
        if (extensions.some((e) => e.startsWith('chunk-signature='))) {
          throw new S3Error(
            501,
            'NotImplemented',
            'Signed aws-chunked payloads (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) are not supported by the S3 Desk local emulator.',
          );
        }
        if (!/^[0-9a-fA-F]+$/.test(sizeText ?? '')) throw malformed('a chunk size is not hexadecimal');
        this.remaining = Number.parseInt(sizeText!, 16);
        this.state = this.remaining === 0 ? 'trailer' : 'data';
        return;
      }
      case 'trailer': {
        if (text === '') {
          this.state = 'done';
          return;
        }
        const colon = text.indexOf(':');
        if (colon <= 0) throw malformed('a trailer line has no name');
        this.trailers.set(text.slice(0, colon).trim().toLowerCase(), text.slice(colon + 1).trim());
        return;
      }
      default:
        throw malformed('unexpected input');
    }
  }
}

function malformed(why: string): S3Error {
  return new S3Error(400, 'IncompleteBody', `The aws-chunked request body is malformed: ${why}.`);
}

function incomplete(): S3Error {
  return new S3Error(400, 'IncompleteBody', 'The request body ended before the final aws-chunked chunk.');
}
