import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { IpcError, TransferJob } from '../../../../../common/ipc';
import { useApi } from '../../../shared/ipc/api';
import { handleIpcResult } from '../../../shared/ipc/ipcResult';
import { useTransfers } from '../../transfers/useTransfers';
import type { SelectionRequest } from '../folder/SelectionDialog';

/**
 * The drag-out tray: the selection being downloaded (its job, once main
 * answered), ready to drag (main's id for it and the names, never a path),
 * or why there is nothing to drag.
 */
export type DragOutTrayState =
  | { phase: 'preparing'; what: string; jobId: string | null }
  | { phase: 'ready'; what: string; dragId: string; names: string[]; skipped: number }
  | { phase: 'failed'; what: string; error: IpcError; during: 'prepare' | 'drag' | 'reveal' }
  | { phase: 'cancelled'; what: string };

export interface DragOut {
  tray: DragOutTrayState | null;
  /** The download of a preparing tray, as the transfer list has it now (progress). */
  job: TransferJob | null;
  /** Downloads the selection for dragging out; the tray replaces whatever it showed (a preparation still running is cancelled). */
  prepare: (request: SelectionRequest) => void;
  /** Closes the tray; one still preparing cancels its download. */
  close: () => void;
  /** The chip's dragstart: the page's own drag gives way to main's native one with the prepared files. */
  startDrag: (event: DragEvent) => void;
  /** Shows the prepared files in the file manager, for those who cannot drag. */
  reveal: () => void;
}

/**
 * Drag out, in two steps: "Drag out…" downloads the selection into a private
 * folder in main (a job in the transfers panel), and once the files are
 * complete the tray offers them as a chip to drag to the desktop or a file
 * manager. The tray belongs to the signed-in window, not to a folder: it
 * survives browsing elsewhere, and goes with the window's session (the
 * browser is made anew for each account, and goes at sign-out).
 */
export function useDragOut(): DragOut {
  const api = useApi();
  const { jobs, upsert } = useTransfers();
  const [tray, setTray] = useState<DragOutTrayState | null>(null);
  /** Which preparation the tray shows: answers for an older one arrive too late to matter. */
  const serial = useRef(0);
  /** The download of the preparation the tray shows, while it runs. */
  const running = useRef<string | null>(null);

  const stopRunning = useCallback(() => {
    const id = running.current;
    running.current = null;
    // Nothing to report: a download that finished meanwhile cannot be cancelled, and is only a private copy.
    if (id !== null) api.cancelTransfer(id).catch(() => undefined);
  }, [api]);

  const close = useCallback(() => {
    serial.current += 1;
    stopRunning();
    setTray(null);
  }, [stopRunning]);

  // The session's window goes: a download still preparing is not wanted any more (main forgets the drags too).
  useEffect(
    () => () => {
      serial.current += 1;
      stopRunning();
    },
    [stopRunning],
  );

  const prepare = useCallback(
    ({ what, ...request }: SelectionRequest) => {
      serial.current += 1;
      stopRunning();
      const mine = serial.current;
      const current = () => serial.current === mine;
      const failed = (error: IpcError) => {
        if (!current()) return;
        running.current = null;
        setTray({ phase: 'failed', what, error, during: 'prepare' });
      };
      setTray({ phase: 'preparing', what, jobId: null });
      handleIpcResult(
        api.prepareDragOut(request),
        ({ dragId, job }) => {
          if (!current()) {
            // Closed or replaced before main answered: its download is not wanted any more.
            api.cancelTransfer(job.id).catch(() => undefined);
            return;
          }
          running.current = job.id;
          upsert(job);
          setTray({ phase: 'preparing', what, jobId: job.id });
          handleIpcResult(
            api.awaitDragOut({ dragId }),
            (ready) => {
              if (!current()) return;
              running.current = null;
              setTray(ready.status === 'ready' ? { phase: 'ready', what, dragId, names: ready.names, skipped: ready.skipped } : { phase: 'cancelled', what });
            },
            failed,
          );
        },
        failed,
      );
    },
    [api, upsert, stopRunning],
  );

  const startDrag = useCallback(
    (event: DragEvent) => {
      // The page's drag would carry nothing the desktop can take; main's native drag carries the files.
      event.preventDefault();
      if (tray?.phase !== 'ready') return;
      const { what, dragId } = tray;
      const mine = serial.current;
      handleIpcResult(
        api.startDragOut({ dragId }),
        () => undefined,
        (error) => {
          if (serial.current === mine) setTray({ phase: 'failed', what, error, during: 'drag' });
        },
      );
    },
    [api, tray],
  );

  const reveal = useCallback(() => {
    if (tray?.phase !== 'ready') return;
    const { what, dragId } = tray;
    const mine = serial.current;
    handleIpcResult(
      api.revealDragOut({ dragId }),
      () => undefined,
      (error) => {
        if (serial.current === mine) setTray({ phase: 'failed', what, error, during: 'reveal' });
      },
    );
  }, [api, tray]);

  const jobId = tray?.phase === 'preparing' ? tray.jobId : null;
  const job = jobId === null ? null : (jobs.find((candidate) => candidate.id === jobId) ?? null);
  return { tray, job, prepare, close, startDrag, reveal };
}
