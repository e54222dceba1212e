import { useCallback, useRef, useState } from 'react';
import type { DeskApi, IpcError, IpcResult, SessionState } from '../../../../common/ipc';

export type AccountActionKind = 'switch' | 'forget' | 'sign-out';

export interface AccountAction {
  kind: AccountActionKind;
  accountId: string;
}

export interface AccountActions {
  /** The action waiting for main's reply; others are disabled meanwhile. */
  pending: AccountAction | null;
  /** The last action that failed, until another starts or it is dismissed. */
  failure: (AccountAction & { error: IpcError }) | null;
  switchTo: (accountId: string) => void;
  forget: (accountId: string) => void;
  signOut: (accountId: string) => void;
  dismissFailure: () => void;
}

/**
 * Switch, forget and sign-out, with their busy and failed states kept here,
 * above the screens: a switch puts up the resuming screen, so the button that
 * started it is gone by the time main answers, yet its error must still be
 * shown where the user looks next.
 */
export function useAccountActions(api: DeskApi, setState: (state: SessionState) => void): AccountActions {
  const [pending, setPending] = useState<AccountAction | null>(null);
  const [failure, setFailure] = useState<AccountActions['failure']>(null);
  const latest = useRef(0);

  const run = useCallback(
    async (action: AccountAction, call: () => Promise<IpcResult<SessionState>>) => {
      const mine = ++latest.current;
      setPending(action);
      setFailure(null);
      let error: IpcError | null = null;
      try {
        const result = await call();
        if (result.ok) setState(result.value);
        else error = result.error;
      } catch (thrown) {
        error = { code: 'internal_error', message: thrown instanceof Error ? thrown.message : String(thrown) };
      }
      if (error && action.kind === 'switch') {
        // Main may have shown 'resuming' for the failed switch; ask where things
        // stand rather than leave the splash up if its restoring event went astray.
        try {
          const now = await api.getSessionState();
          if (now.ok && mine === latest.current) setState(now.value);
        } catch {
          // The reply above already says what went wrong.
        }
      }
      if (mine !== latest.current) return;
      setPending(null);
      if (error) setFailure({ ...action, error });
    },
    [api, setState],
  );

  const switchTo = useCallback(
    (accountId: string) => void run({ kind: 'switch', accountId }, () => api.switchAccount(accountId)),
    [api, run],
  );
  const forget = useCallback(
    (accountId: string) => void run({ kind: 'forget', accountId }, () => api.forgetAccount(accountId)),
    [api, run],
  );
  const signOut = useCallback(
    (accountId: string) => void run({ kind: 'sign-out', accountId }, () => api.signOut()),
    [api, run],
  );
  const dismissFailure = useCallback(() => setFailure(null), []);

  return { pending, failure, switchTo, forget, signOut, dismissFailure };
}
