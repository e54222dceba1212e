import type { Frame, Page } from 'playwright-core';
import { EVENT_NAMES, IPC_EVENTS, IPC_OPERATIONS, PAGE_OPERATION_NAMES, arityOf, type DroppedFilesRequest } from '../../../common/ipc';
import type { IpcHandlers } from '../../../main/ipc/create-handlers';
import type { EventSources } from '../../../main/ipc/register-ipc';
import { planDroppedUpload } from '../../../preload/dropped-upload';

const BINDING = '__s3deskInvoke';
const DROP_BINDING = '__s3deskDrop';
const EMIT = '__s3deskEmit';
/** These functions run in the page, where globalThis is the window; the Node tsconfig has no DOM types. */
type PageGlobals = Record<string, unknown>;

/** What went over the bridge, for the leak canary. */
export interface BridgeRecord {
  replies: string[];
  events: string[];
  untrustedCalls: number;
  /**
   * Name → local path of the files a test is about to drop: stands in for
   * webUtils.getPathForFile. It is kept here, in Node, as Electron keeps a
   * dropped file's path out of the page: page script cannot add to it.
   */
  droppedPaths: Map<string, string>;
}

/** window.api's request functions and their channels, derived from the contract as preload/index.ts derives them. */
const METHOD_CHANNELS = Object.fromEntries(PAGE_OPERATION_NAMES.map((name) => [name, { channel: IPC_OPERATIONS[name].channel, arity: arityOf(IPC_OPERATIONS[name]) }]));
const EVENT_CHANNELS = Object.fromEntries(EVENT_NAMES.map((name) => [name, IPC_EVENTS[name].channel]));
/** Only the page's operations: like ipcRenderer behind contextIsolation, the page has no way to send a preload-only one. */
const CHANNEL_OPERATIONS = new Map(PAGE_OPERATION_NAMES.map((name) => [IPC_OPERATIONS[name].channel, name]));

/**
 * Stands in for the preload script: window.api gets the same named functions
 * (one per channel, nothing generic), each backed by the real main-process
 * handlers through Playwright's exposeBinding, and the same event
 * subscriptions, fed by the real services. Like register-ipc.ts, every call
 * is checked to come from the page's main frame at the app's origin.
 *
 * Replies and events cross as JSON text, parsed in the page, as Electron's
 * IPC hands the page fresh objects of its own. Objects passed as Playwright
 * arguments stay referenced from outside the page's heap for the page's
 * life: 100,000 listed rows made every garbage collection in the page update
 * them all (6–9 ms of each pause, against 0.2 ms for the same rows parsed
 * from text), a cost the app does not have. The payloads are plain data
 * (common/ipc), which JSON carries whole; a property whose value is
 * undefined is dropped, and reads the same.
 *
 * planDroppedUpload runs preload's own code (preload/dropped-upload.ts) here
 * in Node: the page sends what it dropped as names (a File's, or null for
 * anything that is not a File) and `droppedPaths` resolves them as
 * webUtils.getPathForFile would; a name the test did not drop is no local file.
 */
export async function installDeskApi(
  page: Page,
  options: { handlers: IpcHandlers; appOrigin: string; events: EventSources },
): Promise<BridgeRecord> {
  const record: BridgeRecord = { replies: [], events: [], untrustedCalls: 0, droppedPaths: new Map() };
  const untrusted = { ok: false, error: { code: 'untrusted_sender', message: 'This request did not come from S3 Desk’s own window.' } } as const;
  const isTrusted = (source: { frame: Frame; page: Page }) =>
    source.frame === source.page.mainFrame() && new URL(source.frame.url()).origin === options.appOrigin;
  const replied = (result: unknown): string | undefined => {
    const text = JSON.stringify(result);
    record.replies.push(text ?? 'undefined');
    return text;
  };

  await page.exposeBinding(BINDING, async (source, channel: string, args: unknown[]) => {
    const operation = CHANNEL_OPERATIONS.get(channel);
    if (!isTrusted(source) || !operation) {
      record.untrustedCalls++;
      return JSON.stringify(untrusted);
    }
    return replied(await options.handlers[operation](Array.isArray(args) ? args : []));
  });

  await page.exposeBinding(DROP_BINDING, async (source, request: DroppedFilesRequest) => {
    if (!isTrusted(source)) {
      record.untrustedCalls++;
      return JSON.stringify(untrusted);
    }
    const pathForFile = (file: unknown) => {
      const name = (file as { name?: unknown } | null)?.name;
      if (typeof name !== 'string') throw new TypeError('getPathForFile expected to receive a File object but one was not provided');
      return record.droppedPaths.get(name) ?? '';
    };
    return replied(await planDroppedUpload(request, { pathForFile, send: (paths) => options.handlers.planDroppedUpload([paths]) }));
  });

  const emit = (channel: string) => (payload: unknown) => {
    const text = JSON.stringify(payload);
    record.events.push(text);
    void page
      .evaluate(
        ([name, c, json]) => (globalThis as unknown as Record<string, (c: string, v: unknown) => void>)[name]?.(c, json === undefined ? undefined : JSON.parse(json)),
        [EMIT, channel, text] as const,
      )
      .catch(() => {});
  };
  for (const name of EVENT_NAMES) (options.events[name] as (listener: (payload: unknown) => void) => unknown)(emit(IPC_EVENTS[name].channel));

  await page.addInitScript(
    ([binding, dropBinding, emitName, methods, events]) => {
      const callHandler = (globalThis as unknown as Record<string, (channel: string, args: unknown[]) => Promise<string | undefined>>)[binding]!;
      const callDrop = (globalThis as unknown as Record<string, (request: unknown) => Promise<string | undefined>>)[dropBinding]!;
      const parse = (text: string | undefined): unknown => (text === undefined ? undefined : JSON.parse(text));
      const invoke = async (channel: string, args: unknown[]) => parse(await callHandler(channel, args));
      const drop = async (request: unknown) => parse(await callDrop(request));
      const FileType = (globalThis as PageGlobals).File as abstract new (...args: never[]) => { name: string };
      const listeners = new Map<string, Set<(payload: unknown) => void>>();
      Object.defineProperty(globalThis as PageGlobals, emitName, {
        value: (channel: string, payload: unknown) => listeners.get(channel)?.forEach((listener) => listener(payload)),
      });
      const subscribe = (channel: string) => (listener: (payload: unknown) => void) => {
        if (typeof listener !== 'function') throw new TypeError('A listener must be a function.');
        const set = listeners.get(channel) ?? new Set();
        listeners.set(channel, set);
        set.add(listener);
        return () => set.delete(listener);
      };
      const api: Record<string, unknown> = {
        // Preload's planDroppedUpload: only a File's name crosses, and Node resolves it as webUtils would.
        planDroppedUpload: (request: { bucket?: unknown; prefix?: unknown; files?: unknown } | null) => {
          const files = request?.files;
          const named = Array.isArray(files) ? files.map((file: unknown) => (file instanceof FileType ? { name: file.name } : null)) : files;
          return drop({ bucket: request?.bucket, prefix: request?.prefix, files: named });
        },
      };
      for (const [name, channel] of Object.entries(events)) api[name] = subscribe(channel);
      for (const [method, { channel, arity }] of Object.entries(methods)) {
        // The arguments the operation takes, as preload passes them: nothing smuggled through.
        api[method] = (...args: unknown[]) => invoke(channel, args.slice(0, arity));
      }
      Object.defineProperty(globalThis as PageGlobals, 'api', { value: Object.freeze(api) });
    },
    [BINDING, DROP_BINDING, EMIT, METHOD_CHANNELS, EVENT_CHANNELS] as const,
  );
  return record;
}
