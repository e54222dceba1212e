import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { OPERATION_NAMES, PAGE_OPERATION_NAMES, type SessionState, type TransferJob } from '../../../common/ipc';
import { createIpcHandlers, type IpcServices } from '../../../main/ipc/create-handlers';
import { ServiceError } from '../../../main/shared/errors';
import type { Logger } from '../../../main/shared/logger';

const signedOut: SessionState = { status: 'signed-out', lastBackendUrl: null, lastUsername: null, reason: null, accounts: [], keychain: { available: true } };
const job: TransferJob = {
  id: 't1', direction: 'download', label: 'README.txt', bucket: 'desk-shared', prefix: 'library/', status: 'queued',
  filesTotal: 1, filesDone: 0, counting: false, filesSkipped: 0, filesFailed: 0, bytesTotal: 10, bytesDone: 0, bytesPerSecond: 0,
  startedAt: null, finishedAt: null, error: null, retryable: false, revealable: false,
};
const idle = { status: 'idle' as const };
const summary = { objectCount: 1, totalBytes: 10, archived: { count: 0, bytes: 0, storageClasses: [] }, sample: ['library/README.txt'] };
const plan = { planId: 'p1', bucket: 'desk-shared', prefix: 'library/', fileCount: 1, totalBytes: 3, existing: [], existingCount: 0, problems: [] };
const copyPlan = {
  planId: 'c1', mode: 'copy' as const, sourceBucket: 'desk-shared', sourcePrefix: 'library/', destinationBucket: 'desk-private', destinationPrefix: 'home/',
  objectCount: 1, totalBytes: 3, clashes: [], clashCount: 0, archivedCount: 0,
};

function fakeServices(overrides: { session?: Partial<IpcServices['session']>; buckets?: Partial<IpcServices['buckets']>; objects?: Partial<IpcServices['objects']> } = {}) {
  const logged: string[] = [];
  const services: IpcServices & { logger: Logger } = {
    session: {
      signIn: vi.fn(async () => signedOut),
      signOut: vi.fn(async () => signedOut),
      getState: vi.fn(() => signedOut),
      switchAccount: vi.fn(async () => signedOut),
      forgetAccount: vi.fn(async () => signedOut),
      reconnect: vi.fn(async () => signedOut),
      organisationPolicy: vi.fn(() => ({ backendUrl: null, backendUrlLocked: false, problem: null })),
      ...overrides.session,
    },
    buckets: { list: vi.fn(async () => []), ...overrides.buckets },
    updates: { getState: vi.fn(() => idle), checkNow: vi.fn(() => ({ status: 'checking' as const })), install: vi.fn(() => idle) },
    listings: { start: vi.fn(), cancel: vi.fn() },
    objects: {
      headObject: vi.fn(async () => {
        throw new ServiceError('no_such_key', 'There is no object s3://desk-shared/library/gone.txt.');
      }),
      copyS3Uri: vi.fn(async (ref) => `s3://${ref.bucket}/${ref.key}`),
      summarize: vi.fn(async () => summary),
      createFolder: vi.fn(async (request) => ({ prefix: `${request.prefix}${request.name}/`, name: request.name })),
      ...overrides.objects,
    },
    previews: { open: vi.fn(async () => ({ kind: 'unavailable' as const, reason: 'There is no preview for this kind of file.' })) },
    restores: { restore: vi.fn(async () => ({ started: 1, inProgress: 0, extended: 0, notArchived: 0, failed: 0, failures: [] })) },
    sharing: { copyShareLink: vi.fn(async () => ({ expiresAt: '2030-01-01T01:00:00.000Z', capped: false })) },
    transfers: {
      download: vi.fn(async () => ({ status: 'cancelled' as const })),
      pickUpload: vi.fn(async () => null),
      planUpload: vi.fn(async () => plan),
      startUpload: vi.fn(() => job),
      startDelete: vi.fn(() => ({ ...job, direction: 'delete' as const })),
      discardUpload: vi.fn(),
      list: vi.fn(() => [job]),
      cancel: vi.fn(() => ({ ...job, status: 'cancelled' as const })),
      retry: vi.fn(() => job),
      clearFinished: vi.fn(() => []),
      show: vi.fn(),
    },
    opener: { open: vi.fn(async () => ({ status: 'opened' as const })) },
    dragOuts: {
      prepare: vi.fn(async () => ({ dragId: 'd1', job })),
      awaitReady: vi.fn(async () => ({ status: 'ready' as const, names: ['README.txt'], skipped: 0 })),
      start: vi.fn(),
      reveal: vi.fn(),
    },
    copies: {
      planCopy: vi.fn(async () => copyPlan),
      planRename: vi.fn(async () => ({ ...copyPlan, mode: 'move' as const })),
      startCopy: vi.fn(() => ({ ...job, direction: 'copy' as const })),
      discardCopy: vi.fn(),
    },
    logger: { info: () => {}, warn: () => {}, error: (line) => logged.push(line) },
  };
  return { services, logged, handlers: createIpcHandlers(services) };
}

describe('createIpcHandlers', () => {
  it('has exactly one handler per contract operation', () => {
    const { handlers } = fakeServices();
    expect(Object.keys(handlers).sort()).toEqual([...OPERATION_NAMES].sort());
  });

  it('calls the service with the validated, trimmed arguments and wraps the value', async () => {
    const { services, handlers } = fakeServices();
    const result = await handlers.signIn([{ backendUrl: ' http://127.0.0.1:8787 ', username: ' demo ', password: ' pw ' }]);
    expect(result).toEqual({ ok: true, value: signedOut });
    expect(services.session.signIn).toHaveBeenCalledWith('http://127.0.0.1:8787', 'demo', ' pw ');
    expect(await handlers.summarize([{ bucket: 'desk-shared', keys: ['library/README.txt'], prefixes: [] }])).toEqual({ ok: true, value: summary });
    expect(services.objects.summarize).toHaveBeenCalledWith({ bucket: 'desk-shared', keys: ['library/README.txt'], prefixes: [] });
  });

  it('answers bad input with invalid_input and never calls the service or throws', async () => {
    const { services, handlers } = fakeServices();
    const bad: Array<[keyof typeof handlers, unknown]> = [
      ['signIn', []],
      ['signIn', [{ backendUrl: 'x', username: 'demo' }]],
      ['signIn', [{ backendUrl: 'x', username: 'demo', password: 'p', extra: true }]],
      ['signIn', ['not an object']],
      ['signIn', null],
      ['signOut', ['unexpected']],
      ['listBuckets', [1]],
      ['switchAccount', []],
      ['switchAccount', [42]],
      ['forgetAccount', ['x'.repeat(3000)]],
      ['reconnect', ['now']],
      ['openListing', [{ bucket: 'Not_A_Bucket', prefix: '', listingId: 'l1' }]],
      ['openListing', [{ bucket: 'desk-shared', prefix: 'x/'.repeat(1000), listingId: 'l1' }]],
      ['openListing', [{ bucket: 'desk-shared', prefix: '', listingId: 'l1' }, 'an extra argument']],
    ];
    for (const [channel, args] of bad) {
      const result = await handlers[channel](args as unknown[]);
      expect(result, `${channel} ${JSON.stringify(args)}`).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(services.session.signIn).not.toHaveBeenCalled();
    expect(services.session.signOut).not.toHaveBeenCalled();
    expect(services.session.switchAccount).not.toHaveBeenCalled();
    expect(services.session.forgetAccount).not.toHaveBeenCalled();
    expect(services.session.reconnect).not.toHaveBeenCalled();
    expect(services.listings.start).not.toHaveBeenCalled();
  });

  it('does not echo a rejected password in the invalid_input message', async () => {
    const { handlers } = fakeServices();
    const secret = 'p'.repeat(1025);
    const result = await handlers.signIn([{ backendUrl: 'x', username: 'demo', password: secret }]);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(secret);
  });

  it('passes service errors through with their code, message and retryAfterSeconds', async () => {
    const { handlers } = fakeServices({
      session: {
        signIn: async () => {
          throw new ServiceError('rate_limited', 'Too many sign-in attempts. Try again in 30 seconds.', 30);
        },
      },
      objects: {
        summarize: async () => {
          throw new ServiceError('access_denied', "You don't have permission to list s3://desk-private/other/.");
        },
      },
    });
    expect(await handlers.signIn([{ backendUrl: 'x', username: 'demo', password: 'p' }])).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: 'Too many sign-in attempts. Try again in 30 seconds.', retryAfterSeconds: 30 },
    });
    expect(await handlers.summarize([{ bucket: 'desk-private', keys: [], prefixes: ['other/'] }])).toEqual({
      ok: false,
      error: { code: 'access_denied', message: "You don't have permission to list s3://desk-private/other/." },
    });
  });

  it('turns an unexpected error into internal_error, hiding its message from the renderer and redacting the log', async () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const { handlers, logged } = fakeServices({
      buckets: {
        list: async () => {
          throw new Error(`boom with ${token}`);
        },
      },
    });
    const result = await handlers.listBuckets([]);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal_error' } });
    expect(JSON.stringify(result)).not.toContain('boom');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('boom');
    expect(logged[0]).not.toContain(token);
  });

  it('switchAccount, forgetAccount and reconnect pass the account id (or nothing) to the session', async () => {
    const { services, handlers } = fakeServices();
    const id = 'https://desk.example.com|ann';
    expect(await handlers.switchAccount([id])).toEqual({ ok: true, value: signedOut });
    expect(await handlers.forgetAccount([id])).toEqual({ ok: true, value: signedOut });
    expect(await handlers.reconnect([])).toEqual({ ok: true, value: signedOut });
    expect(services.session.switchAccount).toHaveBeenCalledWith(id);
    expect(services.session.forgetAccount).toHaveBeenCalledWith(id);
    expect(services.session.reconnect).toHaveBeenCalledWith();
  });

  it('browser and transfer channels validate their input, call their service, and wrap the answer', async () => {
    const { services, handlers } = fakeServices();
    const ref = { bucket: 'desk-shared', key: 'library/README.txt' };
    const selection = { bucket: 'desk-shared', keys: ['library/README.txt'], prefixes: ['library/reports/'] };
    expect(await handlers.openListing([{ bucket: 'desk-shared', prefix: 'library/', listingId: 'abc-1' }])).toEqual({ ok: true, value: null });
    expect(services.listings.start).toHaveBeenCalledWith({ bucket: 'desk-shared', prefix: 'library/', listingId: 'abc-1' });
    expect(await handlers.cancelListing(['abc-1'])).toEqual({ ok: true, value: null });
    expect(await handlers.copyS3Uri([ref])).toEqual({ ok: true, value: 's3://desk-shared/library/README.txt' });
    expect(await handlers.headObject([ref])).toEqual({
      ok: false,
      error: { code: 'no_such_key', message: 'There is no object s3://desk-shared/library/gone.txt.' },
    });
    expect(await handlers.summarize([selection])).toEqual({ ok: true, value: summary });
    expect(await handlers.createFolder([{ bucket: 'desk-shared', prefix: 'library/', name: ' new ' }])).toEqual({
      ok: true,
      value: { prefix: 'library/new/', name: 'new' },
    });
    expect(await handlers.download([{ ...selection, basePrefix: 'library/' }])).toEqual({ ok: true, value: { status: 'cancelled' } });
    expect(await handlers.planDroppedUpload([{ bucket: 'desk-shared', prefix: 'library/', paths: ['/home/ann/a.txt'] }])).toEqual({ ok: true, value: plan });
    expect(services.transfers.planUpload).toHaveBeenCalledWith({ bucket: 'desk-shared', prefix: 'library/', paths: ['/home/ann/a.txt'] });
    expect(await handlers.startUpload([{ planId: 'p1', existing: 'skip' }])).toEqual({ ok: true, value: job });
    expect(await handlers.cancelTransfer(['t1'])).toMatchObject({ ok: true, value: { status: 'cancelled' } });
    expect(await handlers.listTransfers([])).toEqual({ ok: true, value: [job] });
    expect(await handlers.showTransfer(['t1'])).toEqual({ ok: true, value: null });
    expect(services.transfers.show).toHaveBeenCalledWith('t1');
  });

  it('refuses browser and transfer requests that could escape their purpose', async () => {
    const { services, handlers } = fakeServices();
    const bad: Array<[keyof typeof handlers, unknown[]]> = [
      ['openListing', [{ bucket: 'desk-shared', prefix: 'library', listingId: 'x' }]],
      ['openListing', [{ bucket: 'desk-shared', prefix: 'library/', listingId: '../x' }]],
      ['headObject', [{ bucket: 'desk-shared', key: '' }]],
      ['summarize', [{ bucket: 'desk-shared', keys: [], prefixes: [] }]],
      ['startDelete', [{ bucket: 'desk-shared', keys: [], prefixes: [''], basePrefix: '' }]],
      ['startDelete', [{ bucket: 'desk-shared', keys: [], prefixes: [], basePrefix: 'library/' }]],
      ['startDelete', [{ bucket: 'desk-shared', keys: ['k'], prefixes: [], basePrefix: 'library/', expectedCount: -1 }]],
      ['createFolder', [{ bucket: 'desk-shared', prefix: 'library/', name: 'a/b' }]],
      ['createFolder', [{ bucket: 'desk-shared', prefix: 'library/', name: '..' }]],
      ['download', [{ bucket: 'desk-shared', keys: ['k'], prefixes: [], basePrefix: 'no-slash' }]],
      ['planDroppedUpload', [{ bucket: 'desk-shared', prefix: 'library/', paths: [] }]],
      ['planDroppedUpload', [{ bucket: 'desk-shared', prefix: 'library/', files: [{ name: 'a.txt' }] }]],
      ['startUpload', [{ planId: 'p1', existing: 'merge' }]],
      ['cancelTransfer', [{ id: 't1' }]],
    ];
    for (const [channel, args] of bad) {
      expect(await handlers[channel](args), `${channel} ${JSON.stringify(args)}`).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(services.listings.start).not.toHaveBeenCalled();
    expect(services.transfers.startDelete).not.toHaveBeenCalled();
    expect(services.objects.createFolder).not.toHaveBeenCalled();
    expect(services.transfers.download).not.toHaveBeenCalled();
    expect(services.transfers.startUpload).not.toHaveBeenCalled();
    expect(services.transfers.planUpload).not.toHaveBeenCalled();
  });

  it('a restore takes 1 to 30 whole days and a tier S3 knows; anything else is refused before it reaches S3', async () => {
    const { services, handlers } = fakeServices();
    const selection = { bucket: 'desk-private', keys: ['home/archive.tar'], prefixes: ['home/old/'] };
    expect(await handlers.restoreObjects([{ ...selection, days: 7, tier: 'Bulk' }])).toMatchObject({ ok: true, value: { started: 1 } });
    expect(services.restores.restore).toHaveBeenCalledWith({ ...selection, days: 7, tier: 'Bulk' });
    const refused: Array<[unknown, string]> = [
      [{ days: 0, tier: 'Standard' }, 'Invalid days: a restored copy stays for at least 1 day'],
      [{ days: 31, tier: 'Standard' }, 'Invalid days: a restored copy stays for at most 30 days'],
      [{ days: 2.5, tier: 'Standard' }, 'Invalid days: the number of days is a whole number'],
      [{ days: 7, tier: 'Instant' }, expect.stringMatching(/^Invalid tier: /) as unknown as string],
    ];
    for (const [options, message] of refused) {
      expect(await handlers.restoreObjects([{ ...selection, ...(options as object) }])).toEqual({ ok: false, error: { code: 'invalid_input', message } });
    }
    expect(await handlers.restoreObjects([{ ...selection, keys: [], prefixes: [], days: 7, tier: 'Bulk' }])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(services.restores.restore).toHaveBeenCalledTimes(1);
  });

  it('copy, move and rename requests are validated before they reach the copy service', async () => {
    const { services, handlers } = fakeServices();
    const copy = { mode: 'copy', bucket: 'desk-shared', keys: ['library/README.txt'], prefixes: ['library/reports/'], destinationBucket: 'desk-private', destinationPrefix: 'home/' };
    expect(await handlers.planCopy([copy])).toEqual({ ok: true, value: copyPlan });
    expect(services.copies.planCopy).toHaveBeenCalledWith(copy);
    expect(await handlers.planRename([{ bucket: 'desk-shared', from: 'library/reports/', newName: ' 2026 reports ' }])).toMatchObject({ ok: true });
    expect(services.copies.planRename).toHaveBeenCalledWith({ bucket: 'desk-shared', from: 'library/reports/', newName: '2026 reports' });
    expect(await handlers.startCopy([{ planId: 'c1', clashes: 'keep-both' }])).toMatchObject({ ok: true, value: { direction: 'copy' } });
    expect(await handlers.discardCopy(['c1'])).toEqual({ ok: true, value: null });

    const bad: Array<[keyof typeof handlers, unknown[]]> = [
      ['planCopy', [{ ...copy, keys: [], prefixes: [] }]],
      ['planCopy', [{ ...copy, keys: ['library/a.txt', 'elsewhere/b.txt'], prefixes: [] }]],
      ['planCopy', [{ ...copy, prefixes: [''] }]],
      ['planCopy', [{ ...copy, destinationPrefix: 'home' }]],
      ['planCopy', [{ ...copy, destinationBucket: 'Not_A_Bucket' }]],
      ['planCopy', [{ ...copy, mode: 'link' }]],
      ['planRename', [{ bucket: 'desk-shared', from: 'library/README.txt', newName: 'a/b.txt' }]],
      ['planRename', [{ bucket: 'desk-shared', from: 'library/README.txt', newName: '..' }]],
      ['planRename', [{ bucket: 'desk-shared', from: 'library/README.txt', newName: '   ' }]],
      ['planRename', [{ bucket: 'desk-shared', from: '', newName: 'x' }]],
      ['startCopy', [{ planId: 'c1', clashes: 'overwrite' }]],
      ['startCopy', [{ planId: '../c1', clashes: 'skip' }]],
    ];
    for (const [channel, args] of bad) {
      expect(await handlers[channel](args), `${channel} ${JSON.stringify(args)}`).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(services.copies.planCopy).toHaveBeenCalledTimes(1);
    expect(services.copies.planRename).toHaveBeenCalledTimes(1);
    expect(services.copies.startCopy).toHaveBeenCalledTimes(1);
  });

  it('offers the page no operation that takes a local path: a page-made path is refused, and nothing is read', async () => {
    const { services, handlers } = fakeServices();
    // The old planUpload, which took the page's paths, is gone from the handler map…
    expect(Object.keys(handlers)).not.toContain('planUpload');
    expect(PAGE_OPERATION_NAMES).not.toContain('planDroppedUpload');
    // …and no operation window.api offers accepts a page-made path, whatever the paths.
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constantFrom('/etc/passwd', '~/.ssh/id_ed25519', '/home/ann/.aws/credentials', 'C:\\Users\\ann\\.aws\\credentials'), fc.string().map((name) => `/home/ann/${name}`)), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.constantFrom(...PAGE_OPERATION_NAMES),
        async (paths, name) => {
          const reply = await handlers[name]([{ bucket: 'desk-shared', prefix: 'library/', paths }]);
          expect(reply, name).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
          for (const path of paths) expect(JSON.stringify(reply)).not.toContain(path);
        },
      ),
      { seed: 4, numRuns: 200 },
    );
    expect(services.transfers.planUpload).not.toHaveBeenCalled();
    expect(services.transfers.pickUpload).not.toHaveBeenCalled();
  });

  it('getSessionState answers the service state', async () => {
    const { handlers } = fakeServices();
    expect(await handlers.getSessionState([])).toEqual({ ok: true, value: signedOut });
  });
});
