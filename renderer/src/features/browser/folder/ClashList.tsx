import type { CopyPlan } from '../../../../../common/ipc';
import { countOf } from '../../../shared/format/formatBytes';

/** The destination names a copy plan clashes with (the first ones main sent), as they are called there, and how many more. */
export function ClashList({ plan }: { plan: CopyPlan }) {
  const shown = plan.clashes.map((key) => (key.startsWith(plan.destinationPrefix) ? key.slice(plan.destinationPrefix.length) : key));
  return (
    <>
      <ul className="dialog__list" data-testid="copy-clashes">
        {shown.map((name) => (
          <li key={name}>{name}</li>
        ))}
      </ul>
      {plan.clashCount > shown.length ? (
        <p className="dialog__muted">and {countOf(plan.clashCount - shown.length, 'more', 'more')}</p>
      ) : null}
    </>
  );
}
