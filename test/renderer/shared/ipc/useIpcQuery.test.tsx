// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IpcResult } from '../../../../common/ipc';
import { useIpcQuery, type IpcQuery } from '../../../../renderer/src/shared/ipc/useIpcQuery';

interface Pending<T> {
  promise: Promise<IpcResult<T>>;
  resolve: (result: IpcResult<T>) => void;
  reject: (error: unknown) => void;
}

function pending<T>(): Pending<T> {
  let resolve!: (result: IpcResult<T>) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<IpcResult<T>>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/** A query whose answers the test gives, one per call, and the signal of each call. */
function scriptedQuery<T>() {
  const calls: Array<Pending<T> & { signal: AbortSignal }> = [];
  const query: IpcQuery<T> = (signal) => {
    const call = { ...pending<T>(), signal };
    calls.push(call);
    return call.promise;
  };
  return { query, calls };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('useIpcQuery', () => {
  it('is loading until the reply comes, then ready with its value', async () => {
    const { query, calls } = scriptedQuery<string>();
    const { result } = renderHook(() => useIpcQuery(query));
    expect(result.current.status).toBe('loading');
    await act(async () => calls[0]?.resolve({ ok: true, value: 'answer' }));
    expect(result.current).toMatchObject({ status: 'ready', value: 'answer' });
  });

  it('shows a failed reply as an error', async () => {
    const { query, calls } = scriptedQuery<string>();
    const { result } = renderHook(() => useIpcQuery(query));
    await act(async () => calls[0]?.resolve({ ok: false, error: { code: 'network_error', message: 'Offline.' } }));
    expect(result.current).toMatchObject({ status: 'error', error: { code: 'network_error', message: 'Offline.' } });
  });

  it('shows a call that rejects as an internal error', async () => {
    const { query, calls } = scriptedQuery<string>();
    const { result } = renderHook(() => useIpcQuery(query));
    await act(async () => calls[0]?.reject(new Error('Dropped.')));
    expect(result.current).toMatchObject({ status: 'error', error: { code: 'internal_error', message: 'Dropped.' } });
  });

  it('asks again on retry, loading meanwhile', async () => {
    const { query, calls } = scriptedQuery<string>();
    const { result } = renderHook(() => useIpcQuery(query));
    await act(async () => calls[0]?.resolve({ ok: false, error: { code: 'network_error', message: 'Offline.' } }));
    act(() => result.current.retry());
    expect(calls).toHaveLength(2);
    expect(result.current.status).toBe('loading');
    await act(async () => calls[1]?.resolve({ ok: true, value: 'second' }));
    expect(result.current).toMatchObject({ status: 'ready', value: 'second' });
  });

  it('drops the answer to a question that changed, and aborts it', async () => {
    const first = scriptedQuery<string>();
    const second = scriptedQuery<string>();
    const { result, rerender } = renderHook(({ query }) => useIpcQuery(query), { initialProps: { query: first.query } });
    rerender({ query: second.query });
    expect(first.calls[0]?.signal.aborted).toBe(true);
    await act(async () => first.calls[0]?.resolve({ ok: true, value: 'stale' }));
    expect(result.current.status).toBe('loading');
    await act(async () => second.calls[0]?.resolve({ ok: true, value: 'current' }));
    expect(result.current).toMatchObject({ status: 'ready', value: 'current' });
  });

  it('aborts the question when the component leaves', () => {
    const { query, calls } = scriptedQuery<string>();
    const { unmount } = renderHook(() => useIpcQuery(query));
    unmount();
    expect(calls[0]?.signal.aborted).toBe(true);
  });

  it('is idle, and asks nothing, without a query', () => {
    const { result } = renderHook(() => useIpcQuery<string>(null));
    expect(result.current.status).toBe('idle');
  });

  it('with a delay, asks only about the last of inputs that change quickly', () => {
    vi.useFakeTimers();
    const first = scriptedQuery<string>();
    const second = scriptedQuery<string>();
    const { result, rerender } = renderHook(({ query }) => useIpcQuery(query, { delayMs: 100 }), {
      initialProps: { query: first.query },
    });
    act(() => vi.advanceTimersByTime(50));
    rerender({ query: second.query });
    act(() => vi.advanceTimersByTime(100));
    expect(first.calls).toHaveLength(0);
    expect(second.calls).toHaveLength(1);
    expect(result.current.status).toBe('loading');
  });
});
