import type { z } from 'zod';
import { browseEvents, browseOperations } from './browse';
import type { IpcResult } from './errors';
import type { IpcEvent, Operation } from './operation';
import { sessionEvents, sessionOperations } from './session';
import { transferEvents, transferOperations } from './transfers';
import { updateEvents, updateOperations } from './updates';

/**
 * The one contract between the renderer and the main process. Each domain
 * declares its operations once (channel, argument schema, reply type) and
 * its events once (channel, payload type); everything else — the handler
 * map and its validation in main, window.api in preload, the E2E bridge and
 * the renderer's types — is derived from these two tables.
 */
export const IPC_OPERATIONS = { ...sessionOperations, ...browseOperations, ...transferOperations, ...updateOperations };
export const IPC_EVENTS = { ...sessionEvents, ...browseEvents, ...transferEvents, ...updateEvents };

export type OperationName = keyof typeof IPC_OPERATIONS;
export type EventName = keyof typeof IPC_EVENTS;

type OperationOf<N extends OperationName> = (typeof IPC_OPERATIONS)[N];
/** The argument list as the page passes it (before zod's transforms, e.g. trimming). */
export type ArgsIn<N extends OperationName> = z.input<OperationOf<N>['args']> extends infer T extends unknown[] ? T : never;
/** The argument list as main receives it, validated. */
export type ArgsOf<N extends OperationName> = z.output<OperationOf<N>['args']> extends infer T extends unknown[] ? T : never;
export type ReplyOf<N extends OperationName> = OperationOf<N> extends Operation<OperationOf<N>['args'], infer R> ? R : never;
export type PayloadOf<E extends EventName> = (typeof IPC_EVENTS)[E] extends IpcEvent<infer P> ? P : never;

/** A subscription: returns the function that unsubscribes. */
export type Subscribe<P> = (listener: (payload: P) => void) => () => void;

/** window.api: one function per operation, one subscription per event, and the preload's own path resolver. */
export type DeskApi = { [N in OperationName]: (...args: ArgsIn<N>) => Promise<IpcResult<ReplyOf<N>>> } & {
  [E in EventName]: Subscribe<PayloadOf<E>>;
} & {
  /**
   * The local path of a dropped File, resolved in preload (webUtils.getPathForFile);
   * '' for things that are not local files. Pass the paths to planUpload.
   */
  getPathForFile(file: File): string;
};

export const OPERATION_NAMES = Object.keys(IPC_OPERATIONS) as OperationName[];
export const EVENT_NAMES = Object.keys(IPC_EVENTS) as EventName[];

export * from './browse';
export * from './errors';
export * from './session';
export * from './transfers';
export * from './updates';
export { arityOf, type IpcEvent, type Operation } from './operation';
