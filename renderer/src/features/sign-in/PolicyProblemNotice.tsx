import { useState } from 'react';
import { ErrorNotice } from '../../shared/ui/ErrorNotice';
import { useOrganisationPolicy } from './useOrganisationPolicy';

/** A policy file main ignored, said once in the signed-in window (the sign-in screen may have been skipped). */
export function PolicyProblemNotice() {
  const policy = useOrganisationPolicy();
  const [dismissed, setDismissed] = useState(false);
  if (!policy?.problem || dismissed) return null;
  return (
    <div className="browser__notice">
      <ErrorNotice tone="warning" title={policy.problem} onDismiss={() => setDismissed(true)} testId="policy-problem" />
    </div>
  );
}
