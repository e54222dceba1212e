import type { Page } from 'playwright-core';
import { IPC_CHANNELS, type IpcChannel, type SessionState } from '../../../common/ipc-contract';
import type { IpcHandlers } from '../../../main/ipc/create-handlers';

const BINDING = '__s3deskInvoke';
/** These functions run in the page, where globalThis is the window; the Node tsconfig has no DOM types. */
type PageGlobals = Record<string, unknown>;
const EMIT = '__s3deskEmitSessionState';

/** What went over the bridge, for the leak canary. */
export interface BridgeRecord {
  replies: string[];
  events: string[];
  untrustedCalls: number;
}

/**
 * Stands in for the preload script: window.api gets the same named functions
 * (one per channel, nothing generic), each backed by the real main-process
 * handlers through Playwright's exposeBinding. Like register-ipc.ts, every
 * call is checked to come from the page's main frame at the app's origin.
 */
export async function installDeskApi(
  page: Page,
  options: { handlers: IpcHandlers; appOrigin: string; onSessionStateChanged(listener: (state: SessionState) => void): () => void },
): Promise<BridgeRecord> {
  const record: BridgeRecord = { replies: [], events: [], untrustedCalls: 0 };
  const channels = new Set<string>(Object.values(IPC_CHANNELS));

  await page.exposeBinding(BINDING, async (source, channel: string, args: unknown[]) => {
    const trusted = source.frame === source.page.mainFrame() && new URL(source.frame.url()).origin === options.appOrigin;
    if (!trusted || !channels.has(channel)) {
      record.untrustedCalls++;
      return { ok: false, error: { code: 'untrusted_sender', message: 'This request did not come from S3 Desk’s own window.' } };
    }
    const result = await options.handlers[channel as IpcChannel](Array.isArray(args) ? args : []);
    record.replies.push(JSON.stringify(result));
    return result;
  });

  options.onSessionStateChanged((state) => {
    record.events.push(JSON.stringify(state));
    void page.evaluate(([emit, value]) => (globalThis as unknown as Record<string, (s: unknown) => void>)[emit]?.(value), [EMIT, state] as const).catch(() => {});
  });

  await page.addInitScript(
    ([binding, emit, c]) => {
      const invoke = (globalThis as unknown as Record<string, (channel: string, args: unknown[]) => Promise<unknown>>)[binding]!;
      const listeners = new Set<(state: unknown) => void>();
      Object.defineProperty(globalThis as PageGlobals, emit, { value: (state: unknown) => listeners.forEach((l) => l(state)) });
      const api = {
        signIn: (request: unknown) => invoke(c.signIn, [request]),
        signOut: () => invoke(c.signOut, []),
        getSessionState: () => invoke(c.getSessionState, []),
        switchAccount: (accountId: unknown) => invoke(c.switchAccount, [accountId]),
        forgetAccount: (accountId: unknown) => invoke(c.forgetAccount, [accountId]),
        reconnect: () => invoke(c.reconnect, []),
        listBuckets: () => invoke(c.listBuckets, []),
        listObjects: (request: unknown) => invoke(c.listObjects, [request]),
        onSessionStateChanged: (listener: (state: unknown) => void) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      };
      Object.defineProperty(globalThis as PageGlobals, 'api', { value: Object.freeze(api) });
    },
    [BINDING, EMIT, IPC_CHANNELS] as const,
  );
  return record;
}
