import { describe, expect, it } from 'vitest';
import { BucketDirectory } from '../../../main/browse/bucket-directory';
import { SessionClients } from '../../../main/aws/session-clients';

describe('BucketDirectory without a session', () => {
  it('answers not_signed_in', async () => {
    const directory = new BucketDirectory(new SessionClients({ session: { activeSession: () => null, freshToken: async () => '', invalidateToken: () => {}, onStateChanged: () => () => {} } }));
    await expect(directory.list()).rejects.toMatchObject({ code: 'not_signed_in' });
  });
});


describe('BucketDirectory.list', () => {
  const sessionBuckets = [
    { name: 'desk-private', prefix: 'us-east-1:abc/' },
    { name: 'desk-shared', prefix: 'library/' },
    { name: 'desk-shared', prefix: 'again/' },
  ];
  const directoryAnswering = (listBuckets: () => Promise<unknown>) =>
    new BucketDirectory({ client: () => ({ info: { buckets: sessionBuckets }, s3: { send: listBuckets } }) } as unknown as SessionClients);
  const denied = Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });

  it("the session's buckets first, each once with its home prefix, then the others ListBuckets shows", async () => {
    const directory = directoryAnswering(async () => ({ Buckets: [{ Name: 'desk-shared' }, { Name: 'team-archive' }, {}] }));
    expect(await directory.list()).toEqual([
      { name: 'desk-private', prefix: 'us-east-1:abc/', source: 'session' },
      { name: 'desk-shared', prefix: 'library/', source: 'session' },
      { name: 'team-archive', prefix: '', source: 'account' },
    ]);
  });

  it("passes each session bucket's label on, and adds none where the backend gave none", async () => {
    const labelled = [
      { name: 'desk-private', prefix: 'us-east-1:abc/', label: 'My files' },
      { name: 'desk-shared', prefix: 'library/', label: undefined },
    ];
    const directory = new BucketDirectory({
      client: () => ({ info: { buckets: labelled }, s3: { send: async () => Promise.reject(denied) } }),
    } as unknown as SessionClients);
    const entries = await directory.list();
    expect(entries).toEqual([
      { name: 'desk-private', prefix: 'us-east-1:abc/', label: 'My files', source: 'session' },
      { name: 'desk-shared', prefix: 'library/', source: 'session' },
    ]);
    expect(entries[1]).not.toHaveProperty('label');
  });

  it("a role that may not list the account's buckets still sees the session's", async () => {
    const directory = directoryAnswering(async () => Promise.reject(denied));
    expect((await directory.list()).map((bucket) => bucket.name)).toEqual(['desk-private', 'desk-shared']);
  });

  it('any other failure of ListBuckets is reported in the contract’s terms', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    await expect(directoryAnswering(async () => Promise.reject(refused)).list()).rejects.toMatchObject({ code: 'network_error' });
  });
});
