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
  /**
   * Set (by `preloadOperation`) when only preload may send it: it is not part
   * of window.api, because its arguments are something the page must not
   * name (local paths). Preload offers a hand-written function of the same
   * name instead, taking what the page can give and sending what main needs.
   */
  readonly preloadOnly?: true;
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

/**
 * `preloadOperation<Reply>()(channel, argsSchema)`: an operation main serves
 * (validated, behind the sender check, like every other) but window.api does
 * not derive: with contextIsolation the page cannot reach ipcRenderer, so only
 * preload's hand-written function can send on this channel.
 */
export function preloadOperation<R>() {
  return <A extends ArgsSchema>(channel: string, args: A): Operation<A, R> & { readonly preloadOnly: true } => ({ channel, args, preloadOnly: true });
}

/** Whether only preload sends this operation (see `preloadOperation`). */
export function isPreloadOnly(operation: Operation): boolean {
  return operation.preloadOnly === true;
}

export function ipcEvent<P>(channel: string): IpcEvent<P> {
  return { channel };
}

/** How many arguments an operation takes: the page's callers pass no more than that. */
export function arityOf(operation: Operation): number {
  return operation.args.def.items.length;
}
