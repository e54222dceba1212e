import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { startEmulatorFixture, type EmulatorFixture } from './emulator-fixture';

describe('S3 with Cognito credentials, through the real SDK', () => {
  let fx: EmulatorFixture;
  beforeAll(async () => {
    fx = await startEmulatorFixture();
  });
  afterAll(() => fx.close());

  it('puts, lists, heads and gets an object in the identity home prefix', async () => {
    const { identityId, s3 } = await fx.signIn();
    const key = `${identityId}/notes/hello world.txt`;
    await s3.send(new PutObjectCommand({ Bucket: 'private', Key: key, Body: 'hello, S3 Desk', ContentType: 'text/plain' }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'private', Prefix: `${identityId}/`, Delimiter: '/' }));
    expect(listed.CommonPrefixes?.map((p) => p.Prefix)).toEqual([`${identityId}/notes/`]);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'private', Key: key }));
    expect(head.ContentLength).toBe(14);
    expect(head.ContentType).toBe('text/plain');
    const got = await s3.send(new GetObjectCommand({ Bucket: 'private', Key: key }));
    expect(await got.Body!.transformToString()).toBe('hello, S3 Desk');
  });

  it('accepts streaming uploads sent as aws-chunked with a trailing CRC32', async () => {
    const { identityId, s3 } = await fx.signIn();
    const key = `${identityId}/streamed.bin`;
    const data = Buffer.alloc(300_000, 7);
    await s3.send(new PutObjectCommand({ Bucket: 'private', Key: key, Body: Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]), ContentLength: data.length }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'private', Key: key }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true);
  });
});
