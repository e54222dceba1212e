import type { z } from 'zod';
import {
  IPC_CHANNELS,
  IPC_REQUEST_SCHEMAS,
  type BucketEntry,
  type IpcChannel,
  type IpcReplies,
  type IpcResult,
  type ListObjectsRequest,
  type ObjectPage,
  type SessionState,
} from '../../common/ipc-contract';
import { silentLogger, type Logger } from '../services/logger';
import { toIpcError } from './to-ipc-error';

/** The operations the handlers call; SessionService and S3Browser provide them. */
export interface IpcServices {
  session: {
    signIn(backendUrl: string, username: string, password: string): Promise<SessionState>;
    signOut(): Promise<SessionState>;
    getState(): SessionState;
    switchAccount(accountId: string): Promise<SessionState>;
    forgetAccount(accountId: string): Promise<SessionState>;
    reconnect(): Promise<SessionState>;
  };
  s3: {
    listBuckets(): Promise<BucketEntry[]>;
    listObjects(request: ListObjectsRequest): Promise<ObjectPage>;
  };
  logger?: Logger;
}

export type IpcHandler<C extends IpcChannel> = (args: unknown[]) => Promise<IpcResult<IpcReplies[C]>>;
export type IpcHandlers = { [C in IpcChannel]: IpcHandler<C> };

type Args<C extends IpcChannel> = z.infer<(typeof IPC_REQUEST_SCHEMAS)[C]>;

/**
 * One plain async function per channel: validate the argument list, call the
 * service, answer an IpcResult. Never throws and never touches Electron, so
 * ipcMain (register-ipc.ts) and an E2E harness (Playwright exposeBinding)
 * can both call it.
 */
export function createIpcHandlers(services: IpcServices): IpcHandlers {
  const logger = services.logger ?? silentLogger;
  const { session, s3 } = services;

  function handler<C extends IpcChannel>(channel: C, run: (args: Args<C>) => Promise<IpcReplies[C]>): IpcHandler<C> {
    const schema = IPC_REQUEST_SCHEMAS[channel];
    return async (args) => {
      const parsed = schema.safeParse(args);
      if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: invalidInputMessage(parsed.error) } };
      try {
        return { ok: true, value: await run(parsed.data as Args<C>) };
      } catch (error) {
        return { ok: false, error: toIpcError(error, logger, channel) };
      }
    };
  }

  return {
    [IPC_CHANNELS.signIn]: handler(IPC_CHANNELS.signIn, ([request]) => session.signIn(request.backendUrl, request.username, request.password)),
    [IPC_CHANNELS.signOut]: handler(IPC_CHANNELS.signOut, () => session.signOut()),
    [IPC_CHANNELS.getSessionState]: handler(IPC_CHANNELS.getSessionState, async () => session.getState()),
    [IPC_CHANNELS.switchAccount]: handler(IPC_CHANNELS.switchAccount, ([accountId]) => session.switchAccount(accountId)),
    [IPC_CHANNELS.forgetAccount]: handler(IPC_CHANNELS.forgetAccount, ([accountId]) => session.forgetAccount(accountId)),
    [IPC_CHANNELS.reconnect]: handler(IPC_CHANNELS.reconnect, () => session.reconnect()),
    [IPC_CHANNELS.listBuckets]: handler(IPC_CHANNELS.listBuckets, () => s3.listBuckets()),
    [IPC_CHANNELS.listObjects]: handler(IPC_CHANNELS.listObjects, ([request]) => s3.listObjects(request)),
  };
}

/**
 * The first problem, phrased for a person. Zod's messages name the rule that
 * failed, never the value, so a mistyped password is not echoed back.
 */
function invalidInputMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request was not valid.';
  const field = issue.path.filter((part) => typeof part === 'string').join('.');
  return field ? `Invalid ${field}: ${issue.message}` : `Invalid request: ${issue.message}`;
}
