import { useCallback, useEffect, useState } from 'react';
import type { DeskApi, IpcError, SessionState } from '../../../../common/ipc';
import { useIpcQuery } from '../../shared/ipc/useIpcQuery';

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
  const initial = useIpcQuery(useCallback(() => api.getSessionState(), [api]));
  // Newer than any reply to the initial question: what events and replies to actions said.
  const [latest, setLatest] = useState<SessionState | null>(null);

  useEffect(() => api.onSessionStateChanged(setLatest), [api]);

  const setState = useCallback((next: SessionState) => setLatest(next), []);

  return {
    state: latest ?? (initial.status === 'ready' ? initial.value : null),
    loadError: latest === null && initial.status === 'error' ? initial.error : null,
    retry: initial.retry,
    setState,
  };
}
