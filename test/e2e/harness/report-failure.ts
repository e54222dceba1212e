import { join } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * After a failed step: a screenshot and the screen's text, with the last
 * main-process log lines, so a red CI run can be read without rerunning it.
 */
export async function reportFailure(page: Page | undefined, options: { shotsDir: string; prefix: string; testName: string; logs: string[] }): Promise<void> {
  if (!page) return;
  const name = `${options.prefix}${options.testName.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}.png`;
  await page.screenshot({ path: join(options.shotsDir, name) }).catch(() => undefined);
  const text = await page.innerText('body').catch(() => '(no page)');
  console.error(`Screen when "${options.testName}" failed:\n${text.slice(0, 2000)}\nRecent main-process log:\n${options.logs.slice(-10).join('\n')}`);
}
