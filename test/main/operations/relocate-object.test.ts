import { describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { DestinationTaken } from '../../../main/operations/copy-errors';
import { relocateObject } from '../../../main/operations/relocate-object';
import { ServiceError } from '../../../main/shared/errors';
import { silentLogger } from '../../../main/shared/logger';
import type { UploadBook } from '../../../main/transfers/upload-registry';

const eTag = `"${createHash('md5').update('hello').digest('hex')}"`;
const s3Error = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
const book: UploadBook = { opened: async () => {}, closed: async () => {}, released: () => {}, resumed: () => {} };

/**
 * An S3 client that answers each command by its name and records the calls.
 * The emulator does not evaluate If-Match on DeleteObject (real S3 does), so
 * the branches that depend on S3's answer to it are tested here.
 */
function fakeS3(answers: Partial<Record<string, (input: Record<string, unknown>) => unknown>>) {
  const calls: Array<{ command: string; input: Record<string, unknown> }> = [];
  const s3 = {
    send: vi.fn(async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const name = command.constructor.name;
      calls.push({ command: name, input: command.input });
      const answer = answers[name];
      if (!answer) throw new Error(`unexpected ${name}`);
      return answer(command.input);
    }),
  } as unknown as S3Client;
  return { s3, calls };
}

const object = { ContentLength: 5, ETag: eTag, ContentType: 'text/plain', Metadata: {}, $metadata: {} };
const happy = {
  HeadObjectCommand: () => object,
  CopyObjectCommand: () => ({ CopyObjectResult: { ETag: eTag } }),
  DeleteObjectCommand: () => ({}),
};
const options = (s3: S3Client, signal = new AbortController().signal, overwrite = true) => ({
  s3,
  source: { bucket: 'from-bucket', key: 'a/x.txt' },
  destination: { bucket: 'to-bucket', key: 'b/x.txt' },
  overwrite,
  settings: { multipartThresholdBytes: 100, partSizeBytes: 5 * 1024 * 1024, partConcurrency: 1 },
  signal,
  book,
  logger: silentLogger,
  onBytes: () => {},
});

describe('relocateObject', () => {
  it('a move: HEAD the source, copy under If-Match, HEAD the copy, then delete the source under If-Match on the same ETag', async () => {
    const { s3, calls } = fakeS3(happy);
    await relocateObject('move', options(s3));
    expect(calls.map(({ command, input }) => `${command} ${String(input.Bucket)}/${String(input.Key)}`)).toEqual([
      'HeadObjectCommand from-bucket/a/x.txt',
      'CopyObjectCommand to-bucket/b/x.txt',
      'HeadObjectCommand to-bucket/b/x.txt',
      'DeleteObjectCommand from-bucket/a/x.txt',
    ]);
    expect(calls[1]!.input).toMatchObject({ CopySource: 'from-bucket/a/x.txt', CopySourceIfMatch: eTag, MetadataDirective: 'COPY' });
    expect(calls[3]!.input.IfMatch).toBe(eTag);
  });

  it('a copy deletes nothing', async () => {
    const { s3, calls } = fakeS3(happy);
    await relocateObject('copy', options(s3));
    expect(calls.map(({ command }) => command)).not.toContain('DeleteObjectCommand');
  });

  it('a source changed after its copy (the delete’s If-Match fails) is kept: source_changed, saying where the copy of the old version is', async () => {
    const { s3 } = fakeS3({
      ...happy,
      DeleteObjectCommand: () => {
        throw s3Error('PreconditionFailed', 412);
      },
    });
    const failure = await relocateObject('move', options(s3)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ServiceError);
    expect(failure).toMatchObject({
      code: 'source_changed',
      message: 's3://from-bucket/a/x.txt changed after it was copied, so it was not deleted: the copy at s3://to-bucket/b/x.txt holds the version from before the change.',
    });
  });

  it('a source someone deleted meanwhile is what a move wants: no error', async () => {
    const { s3 } = fakeS3({
      ...happy,
      DeleteObjectCommand: () => {
        throw s3Error('NoSuchKey', 404);
      },
    });
    await expect(relocateObject('move', options(s3))).resolves.toBeUndefined();
  });

  it('a copy it cannot read back is not verified: the source is kept', async () => {
    const { s3, calls } = fakeS3({
      ...happy,
      HeadObjectCommand: (input) => {
        if (input.Bucket === 'to-bucket') throw s3Error('Unknown', 403);
        return object;
      },
    });
    await expect(relocateObject('move', options(s3))).rejects.toMatchObject({
      code: 'access_denied',
      message: "You don't have permission to read s3://to-bucket/b/x.txt. So the copy there could not be checked, and the original was kept.",
    });
    expect(calls.map(({ command }) => command)).not.toContain('DeleteObjectCommand');
  });

  it('cancelled before its copy was sent: nothing is copied, and the failure is not a ServiceError (a cancel, not an error)', async () => {
    const controller = new AbortController();
    const { s3, calls } = fakeS3({
      ...happy,
      HeadObjectCommand: () => {
        controller.abort();
        return object;
      },
    });
    const failure = await relocateObject('move', options(s3, controller.signal)).catch((error: unknown) => error);
    expect(failure).not.toBeInstanceOf(ServiceError);
    expect(calls.map(({ command }) => command)).toEqual(['HeadObjectCommand']);
  });

  describe('a destination that was free when planned', () => {
    const refused = (name: string, status: number, condition?: string) => () => {
      throw Object.assign(s3Error(name, status), condition === undefined ? {} : { Condition: condition });
    };

    it('is copied only if it still is (If-None-Match: *); a replace the user chose is sent without it', async () => {
      const conditional = fakeS3(happy);
      await relocateObject('copy', options(conditional.s3, undefined, false));
      expect(conditional.calls[1]!.input.IfNoneMatch).toBe('*');
      const replacing = fakeS3(happy);
      await relocateObject('copy', options(replacing.s3, undefined, true));
      expect(replacing.calls[1]!.input.IfNoneMatch).toBeUndefined();
    });

    it('taken meanwhile (412 naming If-None-Match): DestinationTaken, and a move keeps its source', async () => {
      const { s3, calls } = fakeS3({ ...happy, CopyObjectCommand: refused('PreconditionFailed', 412, 'If-None-Match') });
      const failure = await relocateObject('move', options(s3, undefined, false)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(DestinationTaken);
      expect(failure).toMatchObject({ code: 'already_exists', destination: { bucket: 'to-bucket', key: 'b/x.txt' } });
      expect(calls.map(({ command }) => command)).toEqual(['HeadObjectCommand', 'CopyObjectCommand']);
    });

    it('being written by someone else at that moment (409 ConditionalRequestConflict) counts as taken', async () => {
      const { s3 } = fakeS3({ ...happy, CopyObjectCommand: refused('ConditionalRequestConflict', 409) });
      await expect(relocateObject('copy', options(s3, undefined, false))).rejects.toBeInstanceOf(DestinationTaken);
    });

    it('a 412 on the source’s x-amz-copy-source-if-match is still source_changed, named or not, with If-None-Match sent too', async () => {
      for (const condition of ['x-amz-copy-source-If-Match', undefined]) {
        const { s3 } = fakeS3({ ...happy, CopyObjectCommand: refused('PreconditionFailed', 412, condition) });
        const failure = await relocateObject('move', options(s3, undefined, false)).catch((error: unknown) => error);
        expect(failure).not.toBeInstanceOf(DestinationTaken);
        expect(failure).toMatchObject({ code: 'source_changed', message: expect.stringContaining('s3://from-bucket/a/x.txt was changed by someone else') });
      }
    });

    it('a multipart copy completes under If-None-Match: *; taken at completion, its upload is aborted and nothing replaced', async () => {
      const { s3, calls } = fakeS3({
        HeadObjectCommand: () => ({ ...object, ContentLength: 200 }),
        CreateMultipartUploadCommand: () => ({ UploadId: 'upload-1' }),
        UploadPartCopyCommand: () => ({ CopyPartResult: { ETag: eTag } }),
        CompleteMultipartUploadCommand: refused('PreconditionFailed', 412, 'If-None-Match'),
        AbortMultipartUploadCommand: () => ({}),
      });
      await expect(relocateObject('move', options(s3, undefined, false))).rejects.toBeInstanceOf(DestinationTaken);
      expect(calls.map(({ command }) => command)).toEqual([
        'HeadObjectCommand',
        'CreateMultipartUploadCommand',
        'UploadPartCopyCommand',
        'CompleteMultipartUploadCommand',
        'AbortMultipartUploadCommand',
      ]);
      expect(calls[3]!.input.IfNoneMatch).toBe('*');
    });
  });
});
