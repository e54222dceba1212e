import { vi } from 'vitest';
import type {
  BucketEntry,
  DeskApi,
  FolderEntry,
  IpcError,
  IpcResult,
  ListObjectsRequest,
  ObjectEntry,
  ObjectPage,
  SavedAccount,
  SessionState,
  SignInRequest,
} from '../../common/ipc-contract';

export type SignedInState = Extract<SessionState, { status: 'signed-in' }>;
export type SignedOutState = Extract<SessionState, { status: 'signed-out' }>;
export type ResumingState = Extract<SessionState, { status: 'resuming' }>;

/** A saved account; the id is made up from user and host, as an opaque string. */
export function account(username = 'ann', backendUrl = 'https://desk.example.com'): SavedAccount {
  const url = new URL(backendUrl);
  return { id: `acct:${username}@${url.host}${url.pathname.replace(/\/$/, '')}`, backendUrl, backendHost: url.host, username };
}

export function signedOut(overrides: Partial<SignedOutState> = {}): SignedOutState {
  return {
    status: 'signed-out',
    lastBackendUrl: null,
    lastUsername: null,
    reason: null,
    accounts: [],
    keychain: { available: true },
    ...overrides,
  };
}

export function resuming(saved: SavedAccount = account(), overrides: Partial<ResumingState> = {}): ResumingState {
  return { status: 'resuming', account: saved, accounts: [saved], keychain: { available: true }, ...overrides };
}

/**
 * A signed-in state. Account fields follow `username` and `backendUrl` unless
 * given; a remembered session is in `accounts` (plus any `others`).
 */
export function signedIn(overrides: Partial<SignedInState> & { others?: SavedAccount[] } = {}): SignedInState {
  const { others = [], ...rest } = overrides;
  const username = rest.username ?? 'ann';
  const backendUrl = rest.backendUrl ?? (rest.backendOrigin ? rest.backendOrigin : 'https://desk.example.com');
  const me = account(username, backendUrl);
  const remembered = rest.remembered ?? true;
  return {
    status: 'signed-in',
    accountId: me.id,
    username,
    backendOrigin: new URL(backendUrl).origin,
    backendUrl,
    identityId: 'eu-west-1:00000000-0000-0000-0000-000000000001',
    region: 'eu-west-1',
    tokenExpiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    remembered,
    rememberError: null,
    connection: { status: 'online' },
    accounts: [...(remembered ? [me] : []), ...others],
    keychain: { available: true },
    ...rest,
  };
}

export function folder(prefix: string): FolderEntry {
  const name = prefix.slice(0, -1).split('/').pop() ?? '';
  return { prefix, name };
}

export function file(key: string, size = 1024, lastModified = '2025-03-12T14:03:00.000Z'): ObjectEntry {
  return { key, name: key.split('/').pop() ?? key, size, lastModified, storageClass: 'STANDARD' };
}

export function page(request: ListObjectsRequest, contents: Partial<ObjectPage> = {}): ObjectPage {
  return { bucket: request.bucket, prefix: request.prefix, folders: [], objects: [], nextContinuationToken: null, ...contents };
}

export const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value });
export const fail = (code: IpcError['code'], message = 'It failed.', extra: Partial<IpcError> = {}): IpcResult<never> => ({
  ok: false,
  error: { code, message, ...extra },
});

/** A promise whose settling the test controls. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/**
 * A stand-in for the preload's window.api: each method is a vi.fn with a
 * sensible default (a signed-out app, one bucket, empty folders) that tests
 * override; `emit` plays a session-state-changed event from main. Account
 * calls (switch, forget, reconnect) have placeholder answers: tests that use
 * them say what main answers.
 */
export function createFakeApi(initial: SessionState = signedOut()) {
  const listeners = new Set<(state: SessionState) => void>();
  const buckets: BucketEntry[] = [{ name: 'team-data', prefix: '', source: 'session' }];
  const api = {
    getSessionState: vi.fn(async (): Promise<IpcResult<SessionState>> => ok(initial)),
    signIn: vi.fn(async (request: SignInRequest): Promise<IpcResult<SessionState>> =>
      ok(signedIn({ username: request.username, backendUrl: request.backendUrl })),
    ),
    signOut: vi.fn(async (): Promise<IpcResult<SessionState>> => ok(signedOut())),
    switchAccount: vi.fn(async (accountId: string): Promise<IpcResult<SessionState>> =>
      fail('no_such_account', `No saved account ${accountId}.`),
    ),
    forgetAccount: vi.fn(async (_accountId: string): Promise<IpcResult<SessionState>> => ok(signedOut())),
    reconnect: vi.fn(async (): Promise<IpcResult<SessionState>> => ok(signedIn())),
    listBuckets: vi.fn(async (): Promise<IpcResult<BucketEntry[]>> => ok(buckets)),
    listObjects: vi.fn(async (request: ListObjectsRequest): Promise<IpcResult<ObjectPage>> => ok(page(request))),
    onSessionStateChanged: vi.fn((listener: (state: SessionState) => void) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    }),
  } satisfies DeskApi;
  return {
    api,
    emit(state: SessionState) {
      for (const listener of [...listeners]) listener(state);
    },
    get listenerCount() {
      return listeners.size;
    },
  };
}
