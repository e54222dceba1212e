import { createContext, useContext, type ReactNode } from 'react';
import type { DeskApi } from '../../../../common/ipc';

const ApiContext = createContext<DeskApi | null>(null);

/** Makes the main-process API (window.api in the app, a fake in tests) available to components. */
export function ApiProvider({ api, children }: { api: DeskApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): DeskApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi must be used inside <ApiProvider>.');
  return api;
}
