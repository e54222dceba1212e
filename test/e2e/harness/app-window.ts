import type { Browser, Page } from 'playwright-core';
import { EVENT_NAMES, type EventName } from '../../../common/ipc';
import type { Services } from '../../../main/create-services';
import { createIpcHandlers, type IpcHandlers } from '../../../main/ipc/create-handlers';
import type { EventSources } from '../../../main/ipc/register-ipc';
import type { Logger } from '../../../main/shared/logger';
import { installDeskApi, type BridgeRecord } from './desk-api-bridge';

/**
 * One window of the app: a page running the renderer, its window.api bridged
 * to a set of main-process services. `relaunch` puts new services behind the
 * same page, as a restart of the app would, so the page's calls and
 * subscriptions follow whichever services are running.
 */
export interface AppWindow {
  page: Page;
  bridge: BridgeRecord;
  readonly services: Services;
  readonly handlers: IpcHandlers;
  /** Disposes the running services and serves the page from `next`. */
  relaunch(next: Services): void;
}

export interface AppWindowOptions {
  origin: string;
  services: Services;
  logger: Logger;
  viewport: { width: number; height: number };
  /** Playwright's default timeout for this page's waits (its own 30 s when unset). */
  defaultTimeout?: number;
  /** Runs before the app loads, e.g. an init script that watches the DOM from the first paint. */
  preparePage?: (page: Page) => Promise<unknown>;
  /** Receives the page's console lines and uncaught errors. */
  consoleLines: string[];
  /** Receives the name of every window.api operation the page calls, in order. */
  calls: string[];
}

export async function openAppWindow(browser: Browser, options: AppWindowOptions): Promise<AppWindow> {
  let services = options.services;
  let handlers = recordedHandlers(createIpcHandlers({ ...services, logger: options.logger }), options.calls);
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>(EVENT_NAMES.map((name) => [name, new Set()]));
  const relayFrom = (source: Services) => {
    for (const name of EVENT_NAMES) {
      (source.events[name] as (listener: (payload: unknown) => void) => unknown)((payload) => listeners.get(name)!.forEach((listener) => listener(payload)));
    }
  };
  relayFrom(services);

  // Reduced motion: screenshots show finished states, not a menu halfway through fading in.
  const page = await browser.newPage({ viewport: options.viewport, reducedMotion: 'reduce' });
  if (options.defaultTimeout !== undefined) page.setDefaultTimeout(options.defaultTimeout);
  page.on('console', (message) => options.consoleLines.push(message.text()));
  page.on('pageerror', (error) => options.consoleLines.push(`pageerror: ${error.message}`));
  await options.preparePage?.(page);
  const bridge = await installDeskApi(page, {
    // Looked up at each call, so a relaunch's handlers answer from then on.
    handlers: new Proxy({} as IpcHandlers, { get: (_target, name) => handlers[name as keyof IpcHandlers] }),
    appOrigin: options.origin,
    events: Object.fromEntries(
      EVENT_NAMES.map((name) => [
        name,
        (listener: (payload: unknown) => void) => {
          listeners.get(name)!.add(listener);
          return () => listeners.get(name)!.delete(listener);
        },
      ]),
    ) as unknown as EventSources,
  });
  await page.goto(`${options.origin}/index.html`);

  return {
    page,
    bridge,
    get services() {
      return services;
    },
    get handlers() {
      return handlers;
    },
    relaunch(next) {
      services.dispose();
      services = next;
      handlers = recordedHandlers(createIpcHandlers({ ...next, logger: options.logger }), options.calls);
      relayFrom(next);
    },
  };
}

/** The same handlers, noting which operation each call was for. */
function recordedHandlers(real: IpcHandlers, calls: string[]): IpcHandlers {
  return Object.fromEntries(
    Object.entries(real).map(([name, handler]) => [
      name,
      (args: unknown[]) => {
        calls.push(name);
        return (handler as (args: unknown[]) => Promise<unknown>)(args);
      },
    ]),
  ) as unknown as IpcHandlers;
}
