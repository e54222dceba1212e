import { configure, render } from '@testing-library/react';
import { App } from '../../../renderer/src/App';
import type { DeskApi } from '../../../common/ipc';

// The build machines run several suites at once on two cores: give findBy/waitFor room
// (they return as soon as the expectation holds, so fast runs stay fast).
configure({ asyncUtilTimeout: 5000 });

/** Renders the whole UI against a fake window.api. */
export function renderApp(api: DeskApi) {
  return render(<App api={api} />);
}
