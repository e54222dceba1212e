import { useCallback } from 'react';
import type { DeskApi } from '../../common/ipc-contract';
import { BrowserScreen } from './components/BrowserScreen';
import { SignInScreen } from './components/SignInScreen';
import { Splash } from './components/Splash';
import { useSessionState } from './hooks/useSessionState';
import { ApiProvider } from './lib/api';

/** The whole UI: a splash until the session is known, then sign-in or the browser. */
export function App({ api }: { api: DeskApi }) {
  return (
    <ApiProvider api={api}>
      <Screens api={api} />
    </ApiProvider>
  );
}

function Screens({ api }: { api: DeskApi }) {
  const { state, loadError, retry, setState } = useSessionState(api);

  const signOut = useCallback(async (): Promise<string | null> => {
    try {
      const result = await api.signOut();
      if (result.ok) {
        setState(result.value);
        return null;
      }
      return result.error.message || 'Couldn’t sign out. Try again.';
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }, [api, setState]);

  if (state === null) return <Splash error={loadError} onRetry={retry} />;

  if (state.status === 'signed-out') {
    return (
      <SignInScreen
        key={`${state.lastBackendUrl ?? ''}\n${state.lastUsername ?? ''}\n${state.reason ?? ''}`}
        lastBackendUrl={state.lastBackendUrl}
        lastUsername={state.lastUsername}
        reason={state.reason}
        onSignedIn={setState}
      />
    );
  }

  return <BrowserScreen key={`${state.backendOrigin}\n${state.username}`} session={state} onSignOut={signOut} />;
}
