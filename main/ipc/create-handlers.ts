import type { z } from 'zod';
import { IPC_OPERATIONS, OPERATION_NAMES, type IpcResult, type OperationName, type ReplyOf } from '../../common/ipc';
import { silentLogger, type Logger } from '../shared/logger';
import { implementOperations, type IpcServices } from './implement-operations';
import { toIpcError } from './to-ipc-error';

export type { IpcServices } from './implement-operations';

export type IpcHandler<N extends OperationName> = (args: unknown[]) => Promise<IpcResult<ReplyOf<N>>>;
export type IpcHandlers = { [N in OperationName]: IpcHandler<N> };

/**
 * One plain async function per operation: validate the argument list with
 * the contract's schema, call the service, answer an IpcResult. Never throws
 * and never touches Electron, so ipcMain (register-ipc.ts) and an E2E harness
 * (Playwright exposeBinding) can both call it.
 */
export function createIpcHandlers(services: IpcServices & { logger?: Logger }): IpcHandlers {
  const logger = services.logger ?? silentLogger;
  const implementations = implementOperations(services) as Record<OperationName, (...args: unknown[]) => unknown>;
  const handlers = {} as Record<OperationName, (args: unknown[]) => Promise<IpcResult<unknown>>>;
  for (const name of OPERATION_NAMES) {
    const schema: z.ZodType<unknown[]> = IPC_OPERATIONS[name].args;
    const implementation = implementations[name];
    handlers[name] = async (args) => {
      const parsed = schema.safeParse(args);
      if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: invalidInputMessage(parsed.error) } };
      try {
        return { ok: true, value: await implementation(...parsed.data) };
      } catch (error) {
        return { ok: false, error: toIpcError(error, logger, name) };
      }
    };
  }
  return handlers as IpcHandlers;
}

/**
 * The first problem, phrased for a person. Zod's messages name the rule that
 * failed, never the value, so a mistyped password is not echoed back — except
 * for unknown fields, whose names come from the payload and so are left out.
 */
function invalidInputMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request was not valid.';
  const rule = issue.code === 'unrecognized_keys' ? 'it has a field this request does not take' : issue.message;
  const field = issue.path.filter((part) => typeof part === 'string').join('.');
  return field ? `Invalid ${field}: ${rule}` : `Invalid request: ${rule}`;
}
