import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS, type ObjectPage, type SessionState, type TransferJob } from '../../common/ipc-contract';
import { createIpcHandlers, type IpcServices } from '../../main/ipc/create-handlers';
import { ServiceError } from '../../main/services/errors';

const signedOut: SessionState = { status: 'signed-out', lastBackendUrl: null, lastUsername: null, reason: null, accounts: [], keychain: { available: true } };
const page: ObjectPage = { bucket: 'desk-shared', prefix: 'library/', folders: [], objects: [], nextContinuationToken: null };
const job: TransferJob = {
  id: 't1', direction: 'download', label: 'README.txt', bucket: 'desk-shared', prefix: 'library/', status: 'queued',
  filesTotal: 1, filesDone: 0, filesSkipped: 0, filesFailed: 0, bytesTotal: 10, bytesDone: 0, bytesPerSecond: 0,
  startedAt: null, finishedAt: null, error: null, retryable: false, revealable: false,
};
const summary = { objectCount: 1, totalBytes: 10, archived: { count: 0, bytes: 0, storageClasses: [] }, sample: ['library/README.txt'] };
const plan = { planId: 'p1', bucket: 'desk-shared', prefix: 'library/', fileCount: 1, totalBytes: 3, existing: [], existingCount: 0, problems: [] };

function fakeServices(overrides: { session?: Partial<IpcServices['session']>; s3?: Partial<IpcServices['s3']> } = {}) {
  const logged: string[] = [];
  const services: IpcServices = {
    session: {
      signIn: vi.fn(async () => signedOut),
      signOut: vi.fn(async () => signedOut),
      getState: vi.fn(() => signedOut),
      switchAccount: vi.fn(async () => signedOut),
      forgetAccount: vi.fn(async () => signedOut),
      reconnect: vi.fn(async () => signedOut),
      ...overrides.session,
    },
    s3: {
      listBuckets: vi.fn(async () => []),
      listObjects: vi.fn(async () => page),
      ...overrides.s3,
    },
    listings: { start: vi.fn(), cancel: vi.fn() },
    objects: {
      headObject: vi.fn(async () => {
        throw new ServiceError('no_such_key', 'There is no object s3://desk-shared/library/gone.txt.');
      }),
      copyS3Uri: vi.fn(async (ref) => `s3://${ref.bucket}/${ref.key}`),
      summarize: vi.fn(async () => summary),
      deleteObjects: vi.fn(async () => ({ deleted: 1, failed: [], failedCount: 0 })),
      createFolder: vi.fn(async (request) => ({ prefix: `${request.prefix}${request.name}/`, name: request.name })),
    },
    previews: { open: vi.fn(async () => ({ kind: 'unavailable' as const, reason: 'There is no preview for this kind of file.' })) },
    transfers: {
      download: vi.fn(async () => ({ status: 'cancelled' as const })),
      pickUpload: vi.fn(async () => null),
      planUpload: vi.fn(async () => plan),
      startUpload: vi.fn(() => job),
      discardUpload: vi.fn(),
      list: vi.fn(() => [job]),
      cancel: vi.fn(() => ({ ...job, status: 'cancelled' as const })),
      retry: vi.fn(() => job),
      clearFinished: vi.fn(() => []),
      show: vi.fn(),
    },
    logger: { info: () => {}, warn: () => {}, error: (line) => logged.push(line) },
  };
  return { services, logged, handlers: createIpcHandlers(services) };
}

describe('createIpcHandlers', () => {
  it('has exactly one handler per contract channel', () => {
    const { handlers } = fakeServices();
    expect(Object.keys(handlers).sort()).toEqual(Object.values(IPC_CHANNELS).sort());
  });

  it('calls the service with the validated, trimmed arguments and wraps the value', async () => {
    const { services, handlers } = fakeServices();
    const result = await handlers[IPC_CHANNELS.signIn]([{ backendUrl: ' http://127.0.0.1:8787 ', username: ' demo ', password: ' pw ' }]);
    expect(result).toEqual({ ok: true, value: signedOut });
    expect(services.session.signIn).toHaveBeenCalledWith('http://127.0.0.1:8787', 'demo', ' pw ');
    expect(await handlers[IPC_CHANNELS.listObjects]([{ bucket: 'desk-shared', prefix: 'library/' }])).toEqual({ ok: true, value: page });
    expect(services.s3.listObjects).toHaveBeenCalledWith({ bucket: 'desk-shared', prefix: 'library/' });
  });

  it('answers bad input with invalid_input and never calls the service or throws', async () => {
    const { services, handlers } = fakeServices();
    const bad: Array<[keyof typeof handlers, unknown]> = [
      [IPC_CHANNELS.signIn, []],
      [IPC_CHANNELS.signIn, [{ backendUrl: 'x', username: 'demo' }]],
      [IPC_CHANNELS.signIn, [{ backendUrl: 'x', username: 'demo', password: 'p', extra: true }]],
      [IPC_CHANNELS.signIn, ['not an object']],
      [IPC_CHANNELS.signIn, null],
      [IPC_CHANNELS.signOut, ['unexpected']],
      [IPC_CHANNELS.listBuckets, [1]],
      [IPC_CHANNELS.switchAccount, []],
      [IPC_CHANNELS.switchAccount, [42]],
      [IPC_CHANNELS.forgetAccount, ['x'.repeat(3000)]],
      [IPC_CHANNELS.reconnect, ['now']],
      [IPC_CHANNELS.listObjects, [{ bucket: 'Not_A_Bucket', prefix: '' }]],
      [IPC_CHANNELS.listObjects, [{ bucket: 'desk-shared', prefix: 'x'.repeat(2000) }]],
      [IPC_CHANNELS.listObjects, [{ bucket: 'desk-shared', prefix: '', continuationToken: '' }]],
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
    expect(services.s3.listObjects).not.toHaveBeenCalled();
  });

  it('does not echo a rejected password in the invalid_input message', async () => {
    const { handlers } = fakeServices();
    const secret = 'p'.repeat(1025);
    const result = await handlers[IPC_CHANNELS.signIn]([{ backendUrl: 'x', username: 'demo', password: secret }]);
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
      s3: {
        listObjects: async () => {
          throw new ServiceError('access_denied', "You don't have permission to list s3://desk-private/other/.");
        },
      },
    });
    expect(await handlers[IPC_CHANNELS.signIn]([{ backendUrl: 'x', username: 'demo', password: 'p' }])).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: 'Too many sign-in attempts. Try again in 30 seconds.', retryAfterSeconds: 30 },
    });
    expect(await handlers[IPC_CHANNELS.listObjects]([{ bucket: 'desk-private', prefix: 'other/' }])).toEqual({
      ok: false,
      error: { code: 'access_denied', message: "You don't have permission to list s3://desk-private/other/." },
    });
  });

  it('turns an unexpected error into internal_error, hiding its message from the renderer and redacting the log', async () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const { handlers, logged } = fakeServices({
      s3: {
        listBuckets: async () => {
          throw new Error(`boom with ${token}`);
        },
      },
    });
    const result = await handlers[IPC_CHANNELS.listBuckets]([]);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal_error' } });
    expect(JSON.stringify(result)).not.toContain('boom');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('boom');
    expect(logged[0]).not.toContain(token);
  });

  it('switchAccount, forgetAccount and reconnect pass the account id (or nothing) to the session', async () => {
    const { services, handlers } = fakeServices();
    const id = 'https://desk.example.com|ann';
    expect(await handlers[IPC_CHANNELS.switchAccount]([id])).toEqual({ ok: true, value: signedOut });
    expect(await handlers[IPC_CHANNELS.forgetAccount]([id])).toEqual({ ok: true, value: signedOut });
    expect(await handlers[IPC_CHANNELS.reconnect]([])).toEqual({ ok: true, value: signedOut });
    expect(services.session.switchAccount).toHaveBeenCalledWith(id);
    expect(services.session.forgetAccount).toHaveBeenCalledWith(id);
    expect(services.session.reconnect).toHaveBeenCalledWith();
  });

  it('browser and transfer channels validate their input, call their service, and wrap the answer', async () => {
    const { services, handlers } = fakeServices();
    const ref = { bucket: 'desk-shared', key: 'library/README.txt' };
    const selection = { bucket: 'desk-shared', keys: ['library/README.txt'], prefixes: ['library/reports/'] };
    expect(await handlers[IPC_CHANNELS.openListing]([{ bucket: 'desk-shared', prefix: 'library/', listingId: 'abc-1' }])).toEqual({ ok: true, value: null });
    expect(services.listings.start).toHaveBeenCalledWith({ bucket: 'desk-shared', prefix: 'library/', listingId: 'abc-1' });
    expect(await handlers[IPC_CHANNELS.cancelListing](['abc-1'])).toEqual({ ok: true, value: null });
    expect(await handlers[IPC_CHANNELS.copyS3Uri]([ref])).toEqual({ ok: true, value: 's3://desk-shared/library/README.txt' });
    expect(await handlers[IPC_CHANNELS.headObject]([ref])).toEqual({
      ok: false,
      error: { code: 'no_such_key', message: 'There is no object s3://desk-shared/library/gone.txt.' },
    });
    expect(await handlers[IPC_CHANNELS.summarize]([selection])).toEqual({ ok: true, value: summary });
    expect(await handlers[IPC_CHANNELS.createFolder]([{ bucket: 'desk-shared', prefix: 'library/', name: ' new ' }])).toEqual({
      ok: true,
      value: { prefix: 'library/new/', name: 'new' },
    });
    expect(await handlers[IPC_CHANNELS.download]([{ ...selection, basePrefix: 'library/' }])).toEqual({ ok: true, value: { status: 'cancelled' } });
    expect(await handlers[IPC_CHANNELS.planUpload]([{ bucket: 'desk-shared', prefix: 'library/', paths: ['/home/ann/a.txt'] }])).toEqual({ ok: true, value: plan });
    expect(await handlers[IPC_CHANNELS.startUpload]([{ planId: 'p1', existing: 'skip' }])).toEqual({ ok: true, value: job });
    expect(await handlers[IPC_CHANNELS.cancelTransfer](['t1'])).toMatchObject({ ok: true, value: { status: 'cancelled' } });
    expect(await handlers[IPC_CHANNELS.listTransfers]([])).toEqual({ ok: true, value: [job] });
    expect(await handlers[IPC_CHANNELS.showTransfer](['t1'])).toEqual({ ok: true, value: null });
    expect(services.transfers.show).toHaveBeenCalledWith('t1');
  });

  it('refuses browser and transfer requests that could escape their purpose', async () => {
    const { services, handlers } = fakeServices();
    const bad: Array<[keyof typeof handlers, unknown[]]> = [
      [IPC_CHANNELS.openListing, [{ bucket: 'desk-shared', prefix: 'library', listingId: 'x' }]],
      [IPC_CHANNELS.openListing, [{ bucket: 'desk-shared', prefix: 'library/', listingId: '../x' }]],
      [IPC_CHANNELS.headObject, [{ bucket: 'desk-shared', key: '' }]],
      [IPC_CHANNELS.summarize, [{ bucket: 'desk-shared', keys: [], prefixes: [] }]],
      [IPC_CHANNELS.deleteObjects, [{ bucket: 'desk-shared', keys: [], prefixes: [''] }]],
      [IPC_CHANNELS.createFolder, [{ bucket: 'desk-shared', prefix: 'library/', name: 'a/b' }]],
      [IPC_CHANNELS.createFolder, [{ bucket: 'desk-shared', prefix: 'library/', name: '..' }]],
      [IPC_CHANNELS.download, [{ bucket: 'desk-shared', keys: ['k'], prefixes: [], basePrefix: 'no-slash' }]],
      [IPC_CHANNELS.planUpload, [{ bucket: 'desk-shared', prefix: 'library/', paths: [] }]],
      [IPC_CHANNELS.startUpload, [{ planId: 'p1', existing: 'merge' }]],
      [IPC_CHANNELS.cancelTransfer, [{ id: 't1' }]],
    ];
    for (const [channel, args] of bad) {
      expect(await handlers[channel](args), `${channel} ${JSON.stringify(args)}`).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(services.listings.start).not.toHaveBeenCalled();
    expect(services.objects.deleteObjects).not.toHaveBeenCalled();
    expect(services.objects.createFolder).not.toHaveBeenCalled();
    expect(services.transfers.download).not.toHaveBeenCalled();
    expect(services.transfers.startUpload).not.toHaveBeenCalled();
  });

  it('getSessionState answers the service state', async () => {
    const { handlers } = fakeServices();
    expect(await handlers[IPC_CHANNELS.getSessionState]([])).toEqual({ ok: true, value: signedOut });
  });
});
