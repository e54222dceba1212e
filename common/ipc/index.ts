import type { z } from 'zod';
import { browseEvents, browseOperations } from './browse';
import type { IpcResult } from './errors';
import { isPreloadOnly, type IpcEvent, type Operation } from './operation';
import { sessionEvents, sessionOperations } from './session';
import { sharingOperations } from './sharing';
import { transferEvents, transferOperations, type DroppedFilesRequest, type DroppedUpload } from './transfers';
import { updateEvents, updateOperations } from './updates';

/**
 * The one contract between the renderer and the main process. Each domain
 * declares its operations once (channel, argument schema, reply type) and
 * its events once (channel, payload type); everything else — the handler
 * map and its validation in main, window.api in preload, the E2E bridge and
 * the renderer's types — is derived from these two tables.
 */
export const IPC_OPERATIONS = { ...sessionOperations, ...browseOperations, ...sharingOperations, ...transferOperations, ...updateOperations };
export const IPC_EVENTS = { ...sessionEvents, ...browseEvents, ...transferEvents, ...updateEvents };

export type OperationName = keyof typeof IPC_OPERATIONS;
export type EventName = keyof typeof IPC_EVENTS;

type OperationOf<N extends OperationName> = (typeof IPC_OPERATIONS)[N];
/** The operations window.api offers as derived functions: all but the preload-only ones. */
export type PageOperationName = { [N in OperationName]: OperationOf<N> extends { preloadOnly: true } ? never : N }[OperationName];
/** The operations only preload sends, each behind a hand-written window.api function of the same name (PreloadApi). */
export type PreloadOnlyOperationName = Exclude<OperationName, PageOperationName>;
/** The argument list as the page passes it (before zod's transforms, e.g. trimming). */
export type ArgsIn<N extends OperationName> = z.input<OperationOf<N>['args']> extends infer T extends unknown[] ? T : never;
/** The argument list as main receives it, validated. */
export type ArgsOf<N extends OperationName> = z.output<OperationOf<N>['args']> extends infer T extends unknown[] ? T : never;
export type ReplyOf<N extends OperationName> = OperationOf<N> extends Operation<OperationOf<N>['args'], infer R> ? R : never;
export type PayloadOf<E extends EventName> = (typeof IPC_EVENTS)[E] extends IpcEvent<infer P> ? P : never;

/** A subscription: returns the function that unsubscribes. */
export type Subscribe<P> = (listener: (payload: P) => void) => () => void;

/**
 * What preload writes by hand, one function per preload-only operation: it
 * takes what the page can give (File objects) and sends main what it needs
 * (their paths), so the page never sees or names a local path.
 */
export interface PreloadApi {
  /**
   * Plans an upload of files dropped on the window: preload resolves each File
   * to its local path (webUtils.getPathForFile) and main plans exactly those.
   * Refused, with nothing sent, when something passed is not a File.
   */
  planDroppedUpload(request: DroppedFilesRequest): Promise<IpcResult<DroppedUpload>>;
}

/** window.api: one function per page operation, one subscription per event, and preload's hand-written functions. */
export type DeskApi = { [N in PageOperationName]: (...args: ArgsIn<N>) => Promise<IpcResult<ReplyOf<N>>> } & {
  [E in EventName]: Subscribe<PayloadOf<E>>;
} & PreloadApi;

export const OPERATION_NAMES = Object.keys(IPC_OPERATIONS) as OperationName[];
export const EVENT_NAMES = Object.keys(IPC_EVENTS) as EventName[];
/** The operations window.api derives (preload/index.ts, the E2E bridge). */
export const PAGE_OPERATION_NAMES = OPERATION_NAMES.filter((name) => !isPreloadOnly(IPC_OPERATIONS[name])) as PageOperationName[];
/** The operations only preload sends; each has a PreloadApi function of the same name. */
export const PRELOAD_ONLY_OPERATION_NAMES = OPERATION_NAMES.filter((name) => isPreloadOnly(IPC_OPERATIONS[name])) as PreloadOnlyOperationName[];

export * from './browse';
export * from './copies';
export * from './errors';
export * from './object-columns';
export * from './session';
export * from './sharing';
export * from './transfers';
export * from './updates';
export { arityOf, isPreloadOnly, type IpcEvent, type Operation } from './operation';
