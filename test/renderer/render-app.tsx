import { render } from '@testing-library/react';
import { App } from '../../renderer/src/App';
import type { DeskApi } from '../../common/ipc-contract';

/** Renders the whole UI against a fake window.api. */
export function renderApp(api: DeskApi) {
  return render(<App api={api} />);
}
