import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** The impacts that fail a screen: what blocks or seriously hinders someone using a screen reader or the keyboard. */
const FAILING_IMPACTS = new Set(['serious', 'critical']);

export interface AccessibilityProblem {
  rule: string;
  impact: string;
  help: string;
  /** CSS selectors of the offending elements (at most a few). */
  targets: string[];
}

/** Runs axe-core (WCAG 2.x A and AA rules plus its best practices) on what the page shows now. */
export async function accessibilityProblems(page: Page): Promise<AccessibilityProblem[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    // The E2E pages come from browser.newPage(), whose context cannot open the blank page the
    // default mode joins frame results in; the app has a single frame, so legacy mode sees it all.
    .setLegacyMode(true)
    .analyze();
  return results.violations
    .filter((violation) => FAILING_IMPACTS.has(violation.impact ?? ''))
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      targets: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
    }));
}

/** Fails with every serious or critical problem on the screen, each with its rule and where it is. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const problems = await accessibilityProblems(page);
  if (problems.length === 0) return;
  const lines = problems.map((problem) => `  ${problem.impact} ${problem.rule}: ${problem.help} (at ${problem.targets.join(', ')})`);
  throw new Error(`The screen "${screen}" has ${problems.length} serious or critical accessibility problem(s):\n${lines.join('\n')}`);
}

/**
 * What every E2E screen goes through: the screenshot people look at, then the
 * accessibility check on exactly what it shows.
 */
export async function captureScreen(page: Page, screen: string, path: string): Promise<void> {
  await page.screenshot({ path });
  await expectAccessible(page, screen);
}
