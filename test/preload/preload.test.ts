import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENTS, IPC_OPERATIONS, type DeskApi, type SessionState } from '../../common/ipc';

const electron = vi.hoisted(() => {
  /** Stands in for a DOM File: the only kind of object webUtils resolves. */
  class DroppedFile {
    constructor(readonly name: string) {}
  }
  return {
    DroppedFile,
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: { invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: null })), on: vi.fn(), removeListener: vi.fn(), send: vi.fn() },
    // Like Electron's: a File's path ('' for one that is not a local file); a TypeError for anything that is not a File.
    webUtils: {
      getPathForFile: vi.fn((file: unknown): string => {
        if (!(file instanceof DroppedFile)) throw new TypeError('getPathForFile expected to receive a File object but one was not provided');
        return file.name.startsWith('from-web') ? '' : `/home/ann/${file.name}`;
      }),
    },
  };
});
vi.mock('electron', () => electron);

/** Exactly the operations of DeskApi: adding one to the contract must add it here, on purpose. */
const DESK_API_FUNCTIONS: Array<keyof DeskApi> = [
  'awaitDragOut',
  'cancelListing',
  'cancelTransfer',
  'checkForUpdates',
  'clearFinishedTransfers',
  'copyS3Uri',
  'copyShareLink',
  'createFolder',
  'discardCopy',
  'discardUpload',
  'download',
  'forgetAccount',
  'getOrganisationPolicy',
  'getSessionState',
  'getUpdateState',
  'headObject',
  'installUpdate',
  'listBuckets',
  'listTransfers',
  'onListingEvent',
  'onSessionStateChanged',
  'onTransfersChanged',
  'onUpdateStateChanged',
  'openListing',
  'openObject',
  'openPreview',
  'pickUpload',
  'planCopy',
  'planDroppedUpload',
  'planRename',
  'prepareDragOut',
  'reconnect',
  'restoreObjects',
  'retryTransfer',
  'revealDragOut',
  'showTransfer',
  'signIn',
  'signOut',
  'startCopy',
  'startDelete',
  'startDragOut',
  'startUpload',
  'summarize',
  'switchAccount',
];

describe('preload: window.api', () => {
  let api: DeskApi;

  beforeAll(async () => {
    await import('../../preload/index');
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, exposed] = electron.contextBridge.exposeInMainWorld.mock.calls[0]!;
    expect(name).toBe('api');
    api = exposed as DeskApi;
  });

  it('exposes exactly the DeskApi functions: no generic invoke, send or ipcRenderer', () => {
    expect(Object.keys(api).sort()).toEqual(DESK_API_FUNCTIONS);
    for (const name of DESK_API_FUNCTIONS) expect(typeof api[name]).toBe('function');
  });

  it('forwards each operation to its own channel with its one argument', async () => {
    const signIn = { backendUrl: 'http://127.0.0.1:8787', username: 'demo', password: 'pw' };
    await api.signIn(signIn);
    await api.signOut();
    await api.getSessionState();
    await api.listBuckets();
    await api.switchAccount('https://desk.example.com|ann');
    await api.forgetAccount('https://desk.example.com|bob');
    await api.reconnect();
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      [IPC_OPERATIONS.signIn.channel, signIn],
      [IPC_OPERATIONS.signOut.channel],
      [IPC_OPERATIONS.getSessionState.channel],
      [IPC_OPERATIONS.listBuckets.channel],
      [IPC_OPERATIONS.switchAccount.channel, 'https://desk.example.com|ann'],
      [IPC_OPERATIONS.forgetAccount.channel, 'https://desk.example.com|bob'],
      [IPC_OPERATIONS.reconnect.channel],
    ]);
  });

  it('does not pass extra arguments through no-argument operations', async () => {
    electron.ipcRenderer.invoke.mockClear();
    await (api.signOut as (...args: unknown[]) => Promise<unknown>)('smuggled');
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(IPC_OPERATIONS.signOut.channel);
  });

  it('returns what main answered', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'not_signed_in', message: 'x' } });
    await expect(api.listBuckets()).resolves.toEqual({ ok: false, error: { code: 'not_signed_in', message: 'x' } });
  });

  it('onSessionStateChanged delivers the state without the IPC event, and unsubscribes', () => {
    const listener = vi.fn();
    const unsubscribe = api.onSessionStateChanged(listener);
    expect(electron.ipcRenderer.on).toHaveBeenCalledWith(IPC_EVENTS.onSessionStateChanged.channel, expect.any(Function));
    const relay = electron.ipcRenderer.on.mock.calls.at(-1)![1] as (event: unknown, state: SessionState) => void;
    const state: SessionState = { status: 'signed-out', lastBackendUrl: null, lastUsername: null, reason: null, accounts: [], keychain: { available: true } };
    relay({ sender: 'the IpcRendererEvent' }, state);
    expect(listener).toHaveBeenCalledWith(state);
    expect(listener.mock.calls[0]).toHaveLength(1);
    unsubscribe();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(IPC_EVENTS.onSessionStateChanged.channel, relay);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => api.onSessionStateChanged('nope' as unknown as () => void)).toThrow(TypeError);
    expect(() => api.onListingEvent(42 as unknown as () => void)).toThrow(TypeError);
    expect(() => api.onTransfersChanged(null as unknown as () => void)).toThrow(TypeError);
  });

  it('forwards the browser and transfer operations to their own channels', async () => {
    electron.ipcRenderer.invoke.mockClear();
    const object = { bucket: 'desk-shared', key: 'library/README.txt' };
    const selection = { bucket: 'desk-shared', keys: ['library/README.txt'], prefixes: ['library/reports/'] };
    await api.openListing({ bucket: 'desk-shared', prefix: 'library/', listingId: 'l1' });
    await api.cancelListing('l1');
    await api.headObject(object);
    await api.copyS3Uri(object);
    await api.openPreview(object);
    await api.summarize(selection);
    await api.createFolder({ bucket: 'desk-shared', prefix: 'library/', name: 'new' });
    await api.download({ ...selection, basePrefix: 'library/' });
    await api.pickUpload({ bucket: 'desk-shared', prefix: 'library/', kind: 'files' });
    await api.startUpload({ planId: 'p1', existing: 'skip' });
    await api.startDelete({ ...selection, basePrefix: 'library/', expectedCount: 3 });
    await api.discardUpload('p1');
    await api.listTransfers();
    await api.cancelTransfer('t1');
    await api.retryTransfer('t1');
    await api.clearFinishedTransfers();
    await api.showTransfer('t1');
    expect(electron.ipcRenderer.invoke.mock.calls.map((call) => call[0])).toEqual([
      IPC_OPERATIONS.openListing.channel,
      IPC_OPERATIONS.cancelListing.channel,
      IPC_OPERATIONS.headObject.channel,
      IPC_OPERATIONS.copyS3Uri.channel,
      IPC_OPERATIONS.openPreview.channel,
      IPC_OPERATIONS.summarize.channel,
      IPC_OPERATIONS.createFolder.channel,
      IPC_OPERATIONS.download.channel,
      IPC_OPERATIONS.pickUpload.channel,
      IPC_OPERATIONS.startUpload.channel,
      IPC_OPERATIONS.startDelete.channel,
      IPC_OPERATIONS.discardUpload.channel,
      IPC_OPERATIONS.listTransfers.channel,
      IPC_OPERATIONS.cancelTransfer.channel,
      IPC_OPERATIONS.retryTransfer.channel,
      IPC_OPERATIONS.clearFinishedTransfers.channel,
      IPC_OPERATIONS.showTransfer.channel,
    ]);
    expect(electron.ipcRenderer.invoke.mock.calls[2]).toEqual([IPC_OPERATIONS.headObject.channel, object]);
    expect(electron.ipcRenderer.invoke.mock.calls[13]).toEqual([IPC_OPERATIONS.cancelTransfer.channel, 't1']);
  });

  it('listing and transfer events reach their listeners without the IPC event', () => {
    const onListing = vi.fn();
    const onTransfers = vi.fn();
    const stopListing = api.onListingEvent(onListing);
    const listingRelay = electron.ipcRenderer.on.mock.calls.at(-1)!;
    const stopTransfers = api.onTransfersChanged(onTransfers);
    const transfersRelay = electron.ipcRenderer.on.mock.calls.at(-1)!;
    expect(listingRelay[0]).toBe(IPC_EVENTS.onListingEvent.channel);
    expect(transfersRelay[0]).toBe(IPC_EVENTS.onTransfersChanged.channel);
    const done = { listingId: 'l1', kind: 'done', folderCount: 0, objectCount: 3 };
    (listingRelay[1] as (e: unknown, p: unknown) => void)({ sender: 'x' }, done);
    (transfersRelay[1] as (e: unknown, p: unknown) => void)({ sender: 'x' }, []);
    expect(onListing.mock.calls).toEqual([[done]]);
    expect(onTransfers.mock.calls).toEqual([[[]]]);
    stopListing();
    stopTransfers();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(IPC_EVENTS.onListingEvent.channel, listingRelay[1]);
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(IPC_EVENTS.onTransfersChanged.channel, transfersRelay[1]);
  });

  describe('planDroppedUpload, written in preload: the page hands over Files, main gets their paths', () => {
    const file = (name: string) => new electron.DroppedFile(name) as unknown as File;
    const plan = { planId: 'p1', bucket: 'desk-shared', prefix: 'library/', fileCount: 1, totalBytes: 3, existing: [], existingCount: 0, problems: [] };
    const sent = () => electron.ipcRenderer.invoke.mock.calls;
    beforeEach(() => electron.ipcRenderer.invoke.mockClear());

    it('resolves each File with webUtils and sends main only the resolved paths, on the preload-only channel', async () => {
      electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: plan });
      const files = [file('report.pdf'), file('from-web.png'), file('notes.txt')];
      const reply = await api.planDroppedUpload({ bucket: 'desk-shared', prefix: 'library/', files });
      expect(electron.webUtils.getPathForFile.mock.calls.slice(-3).map(([dropped]) => dropped)).toEqual(files);
      expect(sent()).toEqual([
        [IPC_OPERATIONS.planDroppedUpload.channel, { bucket: 'desk-shared', prefix: 'library/', paths: ['/home/ann/report.pdf', '/home/ann/notes.txt'] }],
      ]);
      // The page learns the plan and what was not a local file, never a path.
      expect(reply).toEqual({ ok: true, value: { plan, notLocal: ['from-web.png'] } });
      expect(JSON.stringify(reply)).not.toContain('/home/ann');
    });

    it('sends nothing when nothing dropped is a local file', async () => {
      const reply = await api.planDroppedUpload({ bucket: 'desk-shared', prefix: 'library/', files: [file('from-web.png')] });
      expect(reply).toEqual({ ok: true, value: { plan: null, notLocal: ['from-web.png'] } });
      expect(sent()).toEqual([]);
    });

    it('refuses, and sends nothing, when the page passes something that is not a File (a made-up path, an object with one)', async () => {
      const madeUp: unknown[] = [
        { bucket: 'desk-shared', prefix: 'library/', paths: ['/home/ann/.aws/credentials'] },
        { bucket: 'desk-shared', prefix: 'library/', files: ['/home/ann/.ssh/id_ed25519'] },
        { bucket: 'desk-shared', prefix: 'library/', files: [file('report.pdf'), { name: 'credentials', path: '/home/ann/.aws/credentials' }] },
        { bucket: 'desk-shared', prefix: 'library/', files: [] },
        { bucket: 'desk-shared', prefix: 'library/', files: 'report.pdf' },
        null,
        undefined,
      ];
      for (const request of madeUp) {
        const reply = await api.planDroppedUpload(request as Parameters<DeskApi['planDroppedUpload']>[0]);
        expect(reply, JSON.stringify(request)).toEqual({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/Only files dropped on the window/) } });
      }
      expect(sent()).toEqual([]);
    });

    it('answers what main answered when it refuses the plan', async () => {
      const refused = { ok: false, error: { code: 'invalid_input', message: 'Invalid bucket: …' } };
      electron.ipcRenderer.invoke.mockResolvedValueOnce(refused);
      await expect(api.planDroppedUpload({ bucket: 'Nope', prefix: '', files: [file('a.txt')] })).resolves.toEqual(refused);
    });
  });
});
