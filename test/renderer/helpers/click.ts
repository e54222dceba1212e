import { expect } from 'vitest';
import { fireEvent, waitFor } from '@testing-library/react';

/**
 * Clicks a button once it is enabled. A dialog renders its answers disabled
 * until main has planned the work, and a click on a disabled button is
 * dropped, so a test that clicks as soon as the button exists races the plan.
 */
export async function clickWhenEnabled(find: () => HTMLElement): Promise<void> {
  const button = await waitFor(() => {
    const element = find();
    expect(element).toHaveProperty('disabled', false);
    return element;
  });
  fireEvent.click(button);
}
