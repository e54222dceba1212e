import { useCallback, useEffect, useState } from 'react';
import type { DeskApi, SessionState } from '../../common/ipc';
import { BrowserScreen } from './features/browser/BrowserScreen';
import { ResumingScreen } from './features/sign-in/ResumingScreen';
import { SignInScreen } from './features/sign-in/SignInScreen';
import { Splash } from './shared/ui/Splash';
import { useAccountActions } from './features/accounts/useAccountActions';
import { useSessionState } from './features/accounts/useSessionState';
import { TransfersProvider } from './features/transfers/useTransfers';
import { ApiProvider } from './shared/ipc/api';

/** The whole UI: a splash until the session is known, then sign-in, resuming or the browser. */
export function App({ api }: { api: DeskApi }) {
  return (
    <ApiProvider api={api}>
      <Screens api={api} />
    </ApiProvider>
  );
}

function Screens({ api }: { api: DeskApi }) {
  const { state, ...rest } = useSessionState(api);
  // Transfers outlive screens: one subscription for the app, reloaded when another account signs in.
  return (
    <TransfersProvider sessionKey={state?.status === 'signed-in' ? state.accountId : null}>
      <ScreenFor api={api} session={{ state, ...rest }} />
    </TransfersProvider>
  );
}

function ScreenFor({ api, session }: { api: DeskApi; session: ReturnType<typeof useSessionState> }) {
  const { state, loadError, retry, setState } = session;
  const actions = useAccountActions(api, setState);
  // The account that was signed in when "Add another account…" was chosen.
  const [addingFrom, setAddingFrom] = useState<string | null>(null);
  const adding = addingFrom !== null && state?.status === 'signed-in' && state.accountId === addingFrom;
  const { dismissFailure } = actions;

  // Leaving that session (expiry, a switch) ends adding, so it can't reappear later.
  useEffect(() => {
    if (addingFrom !== null && !adding) setAddingFrom(null);
  }, [addingFrom, adding]);

  const onSignedIn = useCallback(
    (next: SessionState) => {
      setAddingFrom(null);
      dismissFailure();
      setState(next);
    },
    [setState, dismissFailure],
  );

  const reconnect = useCallback(async (): Promise<string | null> => {
    try {
      const result = await api.reconnect();
      if (result.ok) {
        setState(result.value);
        return null;
      }
      return result.error.message || 'Couldn’t reconnect. Try again in a moment.';
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }, [api, setState]);

  if (state === null) return <Splash error={loadError} onRetry={retry} />;

  if (state.status === 'resuming') return <ResumingScreen account={state.account} />;

  if (state.status === 'signed-out') {
    return (
      <SignInScreen
        key={`${state.lastBackendUrl ?? ''}\n${state.lastUsername ?? ''}\n${state.reason ?? ''}`}
        mode="sign-in"
        lastBackendUrl={state.lastBackendUrl}
        lastUsername={state.lastUsername}
        reason={state.reason}
        accounts={state.accounts}
        keychain={state.keychain}
        actions={actions}
        onSignedIn={onSignedIn}
      />
    );
  }

  return (
    <>
      {/* Hidden, not unmounted, while adding an account, so Cancel returns to the same folder. */}
      <BrowserScreen
        key={state.accountId}
        hidden={adding}
        session={state}
        actions={actions}
        onAddAccount={() => {
          dismissFailure();
          setAddingFrom(state.accountId);
        }}
        onReconnect={reconnect}
      />
      {adding ? (
        <SignInScreen
          mode="add"
          lastBackendUrl={state.backendUrl}
          lastUsername={null}
          reason={null}
          accounts={state.accounts}
          keychain={state.keychain}
          actions={actions}
          onSignedIn={onSignedIn}
          onCancel={() => setAddingFrom(null)}
        />
      ) : null}
    </>
  );
}
