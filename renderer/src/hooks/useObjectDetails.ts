import { useCallback, useEffect, useState } from 'react';
import type { IpcError, ObjectDetails, PreviewDescriptor } from '../../../common/ipc-contract';
import { unexpectedError } from '../lib/actionErrors';
import { useApi } from '../lib/api';

/** Arrowing through a list shouldn't ask main about every row it passes. */
export const DETAILS_DELAY_MS = 120;

export type Loadable<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'error'; error: IpcError };

/** headObject for the selected object, a moment after the selection settles. */
export function useObjectDetails(bucket: string, key: string | null): Loadable<ObjectDetails> & { retry: () => void } {
  const api = useApi();
  const [state, setState] = useState<Loadable<ObjectDetails>>({ status: 'idle' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (key === null) {
      setState({ status: 'idle' });
      return;
    }
    let current = true;
    setState({ status: 'loading' });
    const timer = setTimeout(() => {
      api.headObject({ bucket, key }).then(
        (result) => {
          if (current) setState(result.ok ? { status: 'ready', value: result.value } : { status: 'error', error: result.error });
        },
        (error: unknown) => {
          if (current) setState({ status: 'error', error: unexpectedError(error) });
        },
      );
    }, DETAILS_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, bucket, key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}

export type PreviewState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'image'; descriptor: Extract<PreviewDescriptor, { kind: 'image' }> }
  | { status: 'text'; descriptor: Extract<PreviewDescriptor, { kind: 'text' }>; text: string }
  | { status: 'unavailable'; reason: string }
  | { status: 'error'; error: IpcError };

/**
 * A preview of the selected object: openPreview says what kind, and for text
 * the s3desk-preview: address is fetched (main streams the first bytes).
 */
export function usePreview(bucket: string, key: string | null): PreviewState & { retry: () => void } {
  const api = useApi();
  const [state, setState] = useState<PreviewState>({ status: 'idle' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (key === null) {
      setState({ status: 'idle' });
      return;
    }
    let current = true;
    const abort = new AbortController();
    setState({ status: 'loading' });
    const fail = (error: IpcError) => {
      if (current) setState({ status: 'error', error });
    };
    const timer = setTimeout(() => {
      api.openPreview({ bucket, key }).then((result) => {
        if (!current) return;
        if (!result.ok) return fail(result.error);
        const descriptor = result.value;
        if (descriptor.kind === 'unavailable') return setState({ status: 'unavailable', reason: descriptor.reason });
        if (descriptor.kind === 'image') return setState({ status: 'image', descriptor });
        fetch(descriptor.url, { signal: abort.signal })
          .then((response) => {
            if (!response.ok) throw new Error(`The preview couldn’t be read (${response.status}).`);
            return response.text();
          })
          .then(
            (text) => {
              if (current) setState({ status: 'text', descriptor, text });
            },
            (error: unknown) => {
              if (!abort.signal.aborted) fail({ code: 'network_error', message: error instanceof Error ? error.message : String(error) });
            },
          );
      }, (error: unknown) => fail(unexpectedError(error)));
    }, DETAILS_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
      abort.abort();
    };
  }, [api, bucket, key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
