import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { TransferJob } from '../../../../common/ipc';
import { useApi } from '../../shared/ipc/api';
import { handleIpcResult } from '../../shared/ipc/ipcResult';

export interface Transfers {
  /** Every job main knows of, oldest first. */
  jobs: TransferJob[];
  /** Puts a job main answered with (after start, cancel, retry) into the list. */
  upsert: (job: TransferJob) => void;
  /** Takes a job out of the list: main dropped it (a discarded interrupted job, or one resumed under a new id). */
  remove: (id: string) => void;
  replaceAll: (jobs: TransferJob[]) => void;
  expanded: boolean;
  setExpanded: (expanded: boolean) => void;
  /** A job the user just started: the panel opens to show it. */
  announce: (job: TransferJob) => void;
}

const TransfersContext = createContext<Transfers | null>(null);

/**
 * The transfer list for the whole app: subscribed to main's changes once,
 * loaded with listTransfers at start (and again when `sessionKey` changes,
 * i.e. another account signs in), so transfers keep updating while the user
 * browses anywhere.
 */
export function TransfersProvider({ sessionKey, children }: { sessionKey: string | null; children: ReactNode }) {
  const api = useApi();
  const [jobs, setJobs] = useState<TransferJob[]>([]);
  const [expanded, setExpanded] = useState(true);
  const heardSince = useRef(0);

  useEffect(
    () =>
      api.onTransfersChanged((next) => {
        heardSince.current += 1;
        setJobs(next);
      }),
    [api],
  );

  useEffect(() => {
    if (sessionKey === null) return;
    let current = true;
    const mark = heardSince.current;
    handleIpcResult(
      api.listTransfers(),
      (listed) => {
        // An event that arrived meanwhile is newer than this answer.
        if (current && heardSince.current === mark) setJobs(listed);
      },
      // Main's change events fill the list anyway.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, sessionKey]);

  const upsert = useCallback((job: TransferJob) => {
    setJobs((list) => {
      const at = list.findIndex((candidate) => candidate.id === job.id);
      if (at === -1) return [...list, job];
      const next = list.slice();
      next[at] = job;
      return next;
    });
  }, []);

  const remove = useCallback((id: string) => {
    setJobs((list) => (list.some((job) => job.id === id) ? list.filter((job) => job.id !== id) : list));
  }, []);

  const announce = useCallback(
    (job: TransferJob) => {
      upsert(job);
      setExpanded(true);
    },
    [upsert],
  );

  const value = useMemo(
    () => ({ jobs, upsert, remove, replaceAll: setJobs, expanded, setExpanded, announce }),
    [jobs, upsert, remove, expanded, announce],
  );
  return <TransfersContext.Provider value={value}>{children}</TransfersContext.Provider>;
}

export function useTransfers(): Transfers {
  const transfers = useContext(TransfersContext);
  if (!transfers) throw new Error('useTransfers must be used inside <TransfersProvider>.');
  return transfers;
}
