import { describe, expect, it } from 'vitest';
import { childAbort } from '../../../main/shared/child-abort';

describe('a child abort signal', () => {
  it('aborts with the parent’s reason when the parent aborts', () => {
    const parent = new AbortController();
    const child = childAbort(parent.signal);
    const reason = new Error('cancelled by the user');
    parent.abort(reason);
    expect(child.signal.aborted).toBe(true);
    expect(child.signal.reason).toBe(reason);
  });

  it('aborts alone, without touching the parent', () => {
    const parent = new AbortController();
    const child = childAbort(parent.signal);
    child.controller.abort(new Error('stalled'));
    expect(child.signal.aborted).toBe(true);
    expect(parent.signal.aborted).toBe(false);
  });

  it('starts aborted when the parent already is', () => {
    const parent = new AbortController();
    parent.abort('gone');
    const child = childAbort(parent.signal);
    expect(child.signal.aborted).toBe(true);
    expect(child.signal.reason).toBe('gone');
    child.release();
  });

  it('no longer follows the parent once released, so a finished request is not aborted later', () => {
    const parent = new AbortController();
    const child = childAbort(parent.signal);
    child.release();
    parent.abort('later');
    expect(child.signal.aborted).toBe(false);
  });
});
