import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AbortMultipartUploadCommand, type S3Client } from '@aws-sdk/client-s3';
import { abortAbandonedUploads, UploadRegistry } from '../../../main/transfers/upload-registry';
import type { Logger } from '../../../main/shared/logger';

const ALICE = 'eu-west-1:alice';
const BOB = 'eu-west-1:bob';
const file = { path: '/home/alice/video.mp4', size: 30, modifiedMs: 1_700_000_000_000 };
const upload = (uploadId: string, key = `${ALICE}/video.mp4`) => ({ uploadId, bucket: 'home', key, file });

let dir: string;
let path: string;
let warnings: string[];
const logger: Logger = { info: () => {}, warn: (message) => warnings.push(message), error: () => {} };
const onDisk = () => (JSON.parse(readFileSync(path, 'utf8')) as { uploads: Array<{ uploadId: string }> }).uploads.map((entry) => entry.uploadId);
/** The same file as the next launch of the app reads it. */
const nextLaunch = () => new UploadRegistry({ path, logger });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 's3desk-upload-registry-'));
  path = join(dir, 'userData', 'uploads.json');
  warnings = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('UploadRegistry: the UploadIds this app started', () => {
  it('writes an upload down as soon as it is opened, with its owner, local file and time, and forgets it once closed', async () => {
    const registry = new UploadRegistry({ path, logger, now: () => 1234 });
    const book = registry.bookFor(ALICE);
    await book.opened(upload('u1'));
    expect(onDisk()).toEqual(['u1']);
    expect(await nextLaunch().list()).toEqual([{ ...upload('u1'), owner: ALICE, createdAt: 1234 }]);

    await book.closed('u1');
    expect(onDisk()).toEqual([]);
    expect(await nextLaunch().list()).toEqual([]);
  });

  it('replaces the file through a temporary file and a rename: nothing else is left in the folder', async () => {
    const book = new UploadRegistry({ path, logger }).bookFor(ALICE);
    await Promise.all([book.opened(upload('u1')), book.opened(upload('u2')), book.opened(upload('u3'))]);
    await book.closed('u2');
    expect(onDisk()).toEqual(['u1', 'u3']);
    expect(readdirSync(join(dir, 'userData'))).toEqual(['uploads.json']);
  });

  it('an upload still running in this process is never abandoned; once released, or from an earlier run, it is', async () => {
    const registry = new UploadRegistry({ path, logger });
    const book = registry.bookFor(ALICE);
    await book.opened(upload('running'));
    expect(await registry.abandoned(ALICE)).toEqual([]);
    book.released('running');
    expect((await registry.abandoned(ALICE)).map((entry) => entry.uploadId)).toEqual(['running']);
    expect((await nextLaunch().abandoned(ALICE)).map((entry) => entry.uploadId)).toEqual(['running']);
  });

  it('abandoned uploads are those of one identity: the others wait for their own sign-in', async () => {
    const registry = new UploadRegistry({ path, logger });
    await registry.bookFor(ALICE).opened(upload('alice-1'));
    await registry.bookFor(BOB).opened(upload('bob-1', `${BOB}/notes.txt`));
    const later = nextLaunch();
    expect((await later.abandoned(ALICE)).map((entry) => entry.uploadId)).toEqual(['alice-1']);
    expect((await later.abandoned(BOB)).map((entry) => entry.uploadId)).toEqual(['bob-1']);
    expect(await later.abandoned('eu-west-1:carol')).toEqual([]);
  });

  it('a missing file is an empty registry, silently; a corrupt one too, said in the log', async () => {
    expect(await nextLaunch().list()).toEqual([]);
    expect(warnings).toEqual([]);

    mkdirSync(join(dir, 'userData'));
    writeFileSync(path, '{ not json');
    expect(await nextLaunch().list()).toEqual([]);
    expect(warnings).toEqual(['The list of unfinished uploads is not valid; starting a new one.']);
  });

  it('keeps the valid entries of a file and drops the malformed ones', async () => {
    await new UploadRegistry({ path }).bookFor(ALICE).opened(upload('good'));
    const text = JSON.parse(readFileSync(path, 'utf8')) as { version: 1; uploads: unknown[] };
    writeFileSync(path, JSON.stringify({ ...text, uploads: [...text.uploads, { uploadId: 'no bucket or owner' }, 42] }));
    expect((await nextLaunch().list()).map((entry) => entry.uploadId)).toEqual(['good']);
  });

  it('without a path it lives in memory only', async () => {
    const registry = new UploadRegistry();
    await registry.bookFor(ALICE).opened(upload('u1'));
    expect((await registry.list()).map((entry) => entry.uploadId)).toEqual(['u1']);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a file that cannot be written is said in the log; the upload goes on, remembered for this run', async () => {
    writeFileSync(join(dir, 'userData'), 'a file where the folder should be');
    const registry = new UploadRegistry({ path, logger });
    await registry.bookFor(ALICE).opened(upload('u1'));
    expect(warnings).toContainEqual(expect.stringMatching(/^Could not save the list of unfinished uploads: /));
    expect((await registry.list()).map((entry) => entry.uploadId)).toEqual(['u1']);
  });
});

describe('abortAbandonedUploads: clean-up at sign-in', () => {
  /** An S3 client that answers AbortMultipartUpload per UploadId from `answers` (undefined: success). */
  const fakeS3 = (answers: Record<string, string | undefined>) => {
    const sent: Array<{ Bucket?: string; Key?: string; UploadId?: string }> = [];
    const s3 = {
      send: async (command: unknown) => {
        if (!(command instanceof AbortMultipartUploadCommand)) throw new Error('only AbortMultipartUpload is expected');
        sent.push(command.input);
        const name = answers[command.input.UploadId ?? ''];
        if (name) throw Object.assign(new Error(name), { name });
        return {};
      },
    } as unknown as S3Client;
    return { s3, sent };
  };

  it("aborts the identity's own abandoned uploads, forgets those aborted or already gone, keeps the rest for next time", async () => {
    const earlier = new UploadRegistry({ path });
    await earlier.bookFor(ALICE).opened(upload('aborts'));
    await earlier.bookFor(ALICE).opened(upload('already-gone'));
    await earlier.bookFor(ALICE).opened(upload('refused'));
    await earlier.bookFor(BOB).opened(upload('bobs', `${BOB}/x`));

    const registry = nextLaunch();
    const { s3, sent } = fakeS3({ 'already-gone': 'NoSuchUpload', refused: 'InternalError' });
    expect(await abortAbandonedUploads(registry, ALICE, s3, logger)).toEqual({ aborted: 2, failed: 1 });
    // Only Alice's, each by its own bucket, key and UploadId: nothing was listed.
    expect(sent).toEqual([
      { Bucket: 'home', Key: `${ALICE}/video.mp4`, UploadId: 'aborts' },
      { Bucket: 'home', Key: `${ALICE}/video.mp4`, UploadId: 'already-gone' },
      { Bucket: 'home', Key: `${ALICE}/video.mp4`, UploadId: 'refused' },
    ]);
    expect(onDisk()).toEqual(['refused', 'bobs']);
    expect(warnings).toEqual([expect.stringMatching(/^Could not abort an upload left unfinished by an earlier run \(tried again at the next sign-in\): InternalError/)]);
  });
});
