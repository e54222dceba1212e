import type { Page } from 'playwright-core';
import type { BridgeRecord } from './desk-api-bridge';

/**
 * Everything the renderer could have seen during a run, by place: IPC
 * replies and events, web storage, its console, the main-process log and
 * the DOM at each screenshot. The leak canary searches these.
 */
export async function rendererExposure(
  page: Page,
  seen: { bridge: BridgeRecord; consoleLines: string[]; logs: string[]; domSnapshots: Record<string, string> },
): Promise<Record<string, string>> {
  // Runs in the page; the Node tsconfig has no DOM types, hence the cast.
  const storage = await page.evaluate(() => {
    const { localStorage, sessionStorage } = globalThis as unknown as Record<'localStorage' | 'sessionStorage', Record<string, string>>;
    return JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } });
  });
  return {
    'an IPC reply': seen.bridge.replies.join('\n'),
    'a session event': seen.bridge.events.join('\n'),
    'web storage': storage,
    'the console': seen.consoleLines.join('\n'),
    'the main-process log': seen.logs.join('\n'),
    ...Object.fromEntries(Object.entries(seen.domSnapshots).map(([name, html]) => [`the DOM at ${name}`, html])),
  };
}
