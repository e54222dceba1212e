import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeskApi, IpcError, SessionState } from '../../../common/ipc-contract';

export interface SessionStateView {
  /** null until the main process has answered. */
  state: SessionState | null;
  /** Set when the first question to the main process failed. */
  loadError: IpcError | null;
  retry: () => void;
  /** For replies that carry a new state (sign-in, sign-out). */
  setState: (state: SessionState) => void;
}

/**
 * The session as the main process sees it: asked once at start, then kept up
 * to date by its state-changed events. An event always wins over a reply to
 * the initial question that arrives after it.
 */
export function useSessionState(api: DeskApi): SessionStateView {
  const [state, setStateValue] = useState<SessionState | null>(null);
  const [loadError, setLoadError] = useState<IpcError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const eventSeen = useRef(false);

  useEffect(() => {
    return api.onSessionStateChanged((next) => {
      eventSeen.current = true;
      setLoadError(null);
      setStateValue(next);
    });
  }, [api]);

  useEffect(() => {
    let cancelled = false;
    api.getSessionState().then(
      (result) => {
        if (cancelled || eventSeen.current) return;
        if (result.ok) {
          setLoadError(null);
          setStateValue(result.value);
        } else {
          setLoadError(result.error);
        }
      },
      (error: unknown) => {
        if (cancelled || eventSeen.current) return;
        setLoadError({ code: 'internal_error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, attempt]);

  const retry = useCallback(() => {
    setLoadError(null);
    setAttempt((n) => n + 1);
  }, []);

  const setState = useCallback((next: SessionState) => {
    setLoadError(null);
    setStateValue(next);
  }, []);

  return { state, loadError, retry, setState };
}
