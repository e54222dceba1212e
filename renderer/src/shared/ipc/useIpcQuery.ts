import { useCallback, useEffect, useState } from 'react';
import type { IpcError, IpcResult } from '../../../../common/ipc';
import { handleIpcResult } from './ipcResult';

export type QueryState<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'error'; error: IpcError };

export type QueryView<T> = QueryState<T> & { retry: () => void };

/** Asks main for something; `signal` aborts when the answer is no longer wanted. */
export type IpcQuery<T> = (signal: AbortSignal) => Promise<IpcResult<T>>;

const IDLE = { status: 'idle' } as const;
const LOADING = { status: 'loading' } as const;

/**
 * The answer to `query`, asked again whenever `query` changes (memoize it
 * with its inputs) and on retry(). An answer to a question no longer current
 * (the inputs changed, the component left) is dropped. A null query is idle.
 * With `delayMs`, the question waits that long, so inputs that change quickly
 * (arrowing through a list) ask only once they settle.
 */
export function useIpcQuery<T>(query: IpcQuery<T> | null, { delayMs = 0 }: { delayMs?: number } = {}): QueryView<T> {
  const [state, setState] = useState<QueryState<T>>(query ? LOADING : IDLE);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!query) {
      setState(IDLE);
      return;
    }
    let current = true;
    const abort = new AbortController();
    setState(LOADING);
    const ask = () =>
      handleIpcResult(
        query(abort.signal),
        (value) => {
          if (current) setState({ status: 'ready', value });
        },
        (error) => {
          if (current) setState({ status: 'error', error });
        },
      );
    const timer = delayMs > 0 ? setTimeout(ask, delayMs) : undefined;
    if (timer === undefined) ask();
    return () => {
      current = false;
      clearTimeout(timer);
      abort.abort();
    };
  }, [query, delayMs, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
