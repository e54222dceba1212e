import type { RestoreSummary } from '../../../../../common/ipc';
import { countOf } from '../../../shared/format/formatBytes';

export interface RestoreSummaryView {
  title: string;
  tone: 'info' | 'warning' | 'error';
  /** What else happened, a sentence each. */
  lines: string[];
  /** The failures main spelled out: the object (as named in this folder) and why. */
  failures: Array<{ name: string; message: string }>;
  /** Failures beyond those. */
  moreFailures: number;
}

/**
 * What a restore did, in words: what started, what was being restored or
 * restored already, what needed none, and what failed and why. Keys are
 * shown relative to `basePrefix`, the folder being browsed.
 */
export function describeRestoreSummary(summary: RestoreSummary, days: number, basePrefix: string): RestoreSummaryView {
  const { started, inProgress, extended, notArchived, failed } = summary;
  const others: string[] = [];
  if (inProgress > 0) others.push(`${countOf(inProgress, 'object was', 'objects were')} being restored already.`);
  if (extended > 0) {
    others.push(
      `${countOf(extended, 'object was', 'objects were')} restored already: ${extended === 1 ? 'its copy now lasts' : 'their copies now last'} ${countOf(days, 'day', 'days')} from today.`,
    );
  }
  if (notArchived > 0) others.push(`${countOf(notArchived, 'object isn’t', 'objects aren’t')} archived, so ${notArchived === 1 ? 'it needs' : 'they need'} no restore.`);
  const failures = summary.failures.map((failure) => ({
    name: failure.key.startsWith(basePrefix) ? failure.key.slice(basePrefix.length) : failure.key,
    message: failure.message,
  }));
  const startedLine = `Restore started for ${countOf(started, 'object', 'objects')}.`;
  const base = { failures, moreFailures: failed - failures.length };

  if (failed > 0) {
    const asked = started + inProgress + extended;
    return {
      ...base,
      title: asked === 0 ? `Couldn’t restore ${countOf(failed, 'object', 'objects')}` : `${countOf(failed, 'object', 'objects')} couldn’t be restored`,
      tone: asked === 0 ? 'error' : 'warning',
      lines: started > 0 ? [startedLine, ...others] : others,
    };
  }
  if (started > 0) return { ...base, title: startedLine, tone: 'info', lines: others };
  if (inProgress + extended > 0) return { ...base, title: 'Nothing new to restore.', tone: 'info', lines: others };
  return { ...base, title: 'Nothing here is archived: there is nothing to restore.', tone: 'info', lines: [] };
}
