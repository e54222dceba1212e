import type { z } from 'zod';

/** An argument list as zod validates it: a tuple schema, checked in main on every call. */
export type ArgsSchema = z.ZodTuple;

/**
 * One request/reply operation of the contract: its channel, the schema of
 * its argument list, and (in the type alone) its reply.
 */
export interface Operation<A extends ArgsSchema = ArgsSchema, R = unknown> {
  readonly channel: string;
  readonly args: A;
  /** Never set: carries the reply type for what is derived from the table. */
  readonly reply?: R;
}

/** One event main pushes to the window: its channel and (in the type alone) its payload. */
export interface IpcEvent<P = unknown> {
  readonly channel: string;
  /** Never set: carries the payload type. */
  readonly payload?: P;
}

/** `operation<Reply>()(channel, argsSchema)`: the reply type is named, the argument types come from the schema. */
export function operation<R>() {
  return <A extends ArgsSchema>(channel: string, args: A): Operation<A, R> => ({ channel, args });
}

export function ipcEvent<P>(channel: string): IpcEvent<P> {
  return { channel };
}

/** How many arguments an operation takes: the page's callers pass no more than that. */
export function arityOf(operation: Operation): number {
  return operation.args.def.items.length;
}
