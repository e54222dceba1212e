import type { Page } from 'playwright-core';
import { EVENT_NAMES, IPC_EVENTS, IPC_OPERATIONS, OPERATION_NAMES, arityOf } from '../../../common/ipc';
import type { IpcHandlers } from '../../../main/ipc/create-handlers';
import type { EventSources } from '../../../main/ipc/register-ipc';

const BINDING = '__s3deskInvoke';
const EMIT = '__s3deskEmit';
/** Name → local path of files a test is about to drop (stands in for webUtils.getPathForFile). */
export const DROPPED_PATHS = '__s3deskDroppedPaths';
/** These functions run in the page, where globalThis is the window; the Node tsconfig has no DOM types. */
type PageGlobals = Record<string, unknown>;

/** What went over the bridge, for the leak canary. */
export interface BridgeRecord {
  replies: string[];
  events: string[];
  untrustedCalls: number;
}

/** window.api's request functions and their channels, derived from the contract as preload/index.ts derives them. */
const METHOD_CHANNELS = Object.fromEntries(OPERATION_NAMES.map((name) => [name, { channel: IPC_OPERATIONS[name].channel, arity: arityOf(IPC_OPERATIONS[name]) }]));
const EVENT_CHANNELS = Object.fromEntries(EVENT_NAMES.map((name) => [name, IPC_EVENTS[name].channel]));
const CHANNEL_OPERATIONS = new Map(OPERATION_NAMES.map((name) => [IPC_OPERATIONS[name].channel, name]));

/**
 * Stands in for the preload script: window.api gets the same named functions
 * (one per channel, nothing generic), each backed by the real main-process
 * handlers through Playwright's exposeBinding, and the same event
 * subscriptions, fed by the real services. Like register-ipc.ts, every call
 * is checked to come from the page's main frame at the app's origin.
 */
export async function installDeskApi(
  page: Page,
  options: { handlers: IpcHandlers; appOrigin: string; events: EventSources },
): Promise<BridgeRecord> {
  const record: BridgeRecord = { replies: [], events: [], untrustedCalls: 0 };

  await page.exposeBinding(BINDING, async (source, channel: string, args: unknown[]) => {
    const trusted = source.frame === source.page.mainFrame() && new URL(source.frame.url()).origin === options.appOrigin;
    const operation = CHANNEL_OPERATIONS.get(channel);
    if (!trusted || !operation) {
      record.untrustedCalls++;
      return { ok: false, error: { code: 'untrusted_sender', message: 'This request did not come from S3 Desk’s own window.' } };
    }
    const result = await options.handlers[operation](Array.isArray(args) ? args : []);
    record.replies.push(JSON.stringify(result));
    return result;
  });

  const emit = (channel: string) => (payload: unknown) => {
    record.events.push(JSON.stringify(payload));
    void page
      .evaluate(([name, c, value]) => (globalThis as unknown as Record<string, (c: string, v: unknown) => void>)[name]?.(c, value), [EMIT, channel, payload] as const)
      .catch(() => {});
  };
  for (const name of EVENT_NAMES) (options.events[name] as (listener: (payload: unknown) => void) => unknown)(emit(IPC_EVENTS[name].channel));

  await page.addInitScript(
    ([binding, emitName, droppedPaths, methods, events]) => {
      const invoke = (globalThis as unknown as Record<string, (channel: string, args: unknown[]) => Promise<unknown>>)[binding]!;
      const listeners = new Map<string, Set<(payload: unknown) => void>>();
      Object.defineProperty(globalThis as PageGlobals, emitName, {
        value: (channel: string, payload: unknown) => listeners.get(channel)?.forEach((listener) => listener(payload)),
      });
      Object.defineProperty(globalThis as PageGlobals, droppedPaths, { value: new Map<string, string>() });
      const subscribe = (channel: string) => (listener: (payload: unknown) => void) => {
        if (typeof listener !== 'function') throw new TypeError('A listener must be a function.');
        const set = listeners.get(channel) ?? new Set();
        listeners.set(channel, set);
        set.add(listener);
        return () => set.delete(listener);
      };
      const api: Record<string, unknown> = {
        getPathForFile: (file: { name?: unknown }) =>
          ((globalThis as PageGlobals)[droppedPaths] as Map<string, string>).get(String(file?.name)) ?? '',
      };
      for (const [name, channel] of Object.entries(events)) api[name] = subscribe(channel);
      for (const [method, { channel, arity }] of Object.entries(methods)) {
        // The arguments the operation takes, as preload passes them: nothing smuggled through.
        api[method] = (...args: unknown[]) => invoke(channel, args.slice(0, arity));
      }
      Object.defineProperty(globalThis as PageGlobals, 'api', { value: Object.freeze(api) });
    },
    [BINDING, EMIT, DROPPED_PATHS, METHOD_CHANNELS, EVENT_CHANNELS] as const,
  );
  return record;
}
