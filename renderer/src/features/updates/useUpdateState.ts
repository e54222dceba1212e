import { useCallback, useEffect, useState } from 'react';
import type { IpcError, UpdateState } from '../../../../common/ipc';
import { useApi } from '../../shared/ipc/api';
import { handleIpcResult } from '../../shared/ipc/ipcResult';
import { useIpcQuery } from '../../shared/ipc/useIpcQuery';

export type UpdateAction = 'check' | 'install';
/** Where an action was asked for, so its failure is said there: the window's chrome or the account menu. */
export type UpdatePlace = 'chrome' | 'menu';

export interface UpdateFailure {
  action: UpdateAction;
  place: UpdatePlace;
  error: IpcError;
}

export interface UpdatesView {
  /** null until main has answered. */
  state: UpdateState | null;
  /** Set when the first question to main failed (and no event has said more since). */
  loadError: IpcError | null;
  /** The action waiting for main's reply. */
  busy: UpdateAction | null;
  /** The last action that main could not carry out. */
  failure: UpdateFailure | null;
  check(place: UpdatePlace): void;
  install(): void;
  dismissFailure(): void;
}

/**
 * The updater as main sees it: asked once, then kept up to date by its
 * state-changed events (an event always wins over a later reply to the first
 * question), plus the two things a person can ask of it.
 */
export function useUpdateState(): UpdatesView {
  const api = useApi();
  const initial = useIpcQuery(useCallback(() => api.getUpdateState(), [api]));
  // Newer than any reply to the initial question: what events and replies to actions said.
  const [latest, setLatest] = useState<UpdateState | null>(null);
  const [busy, setBusy] = useState<UpdateAction | null>(null);
  const [failure, setFailure] = useState<UpdateFailure | null>(null);

  useEffect(() => api.onUpdateStateChanged(setLatest), [api]);

  const run = useCallback(
    (action: UpdateAction, place: UpdatePlace) => {
      setBusy(action);
      setFailure(null);
      handleIpcResult(
        action === 'check' ? api.checkForUpdates() : api.installUpdate(),
        (state) => {
          setBusy(null);
          setLatest(state);
        },
        (error) => {
          setBusy(null);
          setFailure({ action, place, error });
        },
      );
    },
    [api],
  );

  const check = useCallback((place: UpdatePlace) => run('check', place), [run]);
  const install = useCallback(() => run('install', 'chrome'), [run]);
  const dismissFailure = useCallback(() => setFailure(null), []);

  return {
    state: latest ?? (initial.status === 'ready' ? initial.value : null),
    loadError: latest === null && initial.status === 'error' ? initial.error : null,
    busy,
    failure,
    check,
    install,
    dismissFailure,
  };
}
