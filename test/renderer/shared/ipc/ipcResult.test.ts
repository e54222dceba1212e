import { describe, expect, it, vi } from 'vitest';
import type { IpcResult } from '../../../../common/ipc';
import { handleIpcResult, unexpectedError } from '../../../../renderer/src/shared/ipc/ipcResult';

/** Lets the promise callbacks run. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('handleIpcResult', () => {
  it('hands a successful reply’s value to the value arm only', async () => {
    const onValue = vi.fn();
    const onError = vi.fn();
    handleIpcResult(Promise.resolve<IpcResult<number>>({ ok: true, value: 42 }), onValue, onError);
    await settled();
    expect(onValue).toHaveBeenCalledWith(42);
    expect(onError).not.toHaveBeenCalled();
  });

  it('hands a failed reply’s error to the error arm only', async () => {
    const onValue = vi.fn();
    const onError = vi.fn();
    const error = { code: 'access_denied', message: 'No.' } as const;
    handleIpcResult(Promise.resolve<IpcResult<number>>({ ok: false, error }), onValue, onError);
    await settled();
    expect(onError).toHaveBeenCalledWith(error);
    expect(onValue).not.toHaveBeenCalled();
  });

  it('treats a call that rejects as an internal error, through the same error arm', async () => {
    const onValue = vi.fn();
    const onError = vi.fn();
    handleIpcResult(Promise.reject<IpcResult<number>>(new Error('The channel closed.')), onValue, onError);
    await settled();
    expect(onError).toHaveBeenCalledWith({ code: 'internal_error', message: 'The channel closed.' });
    expect(onValue).not.toHaveBeenCalled();
  });
});

describe('unexpectedError', () => {
  it('keeps an Error’s message and turns anything else into text', () => {
    expect(unexpectedError(new Error('Boom'))).toEqual({ code: 'internal_error', message: 'Boom' });
    expect(unexpectedError('plain')).toEqual({ code: 'internal_error', message: 'plain' });
  });
});
