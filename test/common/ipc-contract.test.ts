import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, IPC_EVENTS, IPC_OPERATIONS, OPERATION_NAMES, arityOf } from '../../common/ipc';

describe('the IPC contract tables', () => {
  const channels = [...OPERATION_NAMES.map((name) => IPC_OPERATIONS[name].channel), ...EVENT_NAMES.map((name) => IPC_EVENTS[name].channel)];

  it('gives every operation and event a channel of its own, in the s3desk:<domain>: namespace', () => {
    expect(new Set(channels).size).toBe(channels.length);
    for (const channel of channels) expect(channel).toMatch(/^s3desk:(session|s3|transfers|updates):[a-z-]+$/);
  });

  it('names events as the subscriptions window.api offers (on…), and operations as plain verbs', () => {
    for (const name of EVENT_NAMES) expect(name).toMatch(/^on[A-Z]/);
    for (const name of OPERATION_NAMES) expect(name).not.toMatch(/^on[A-Z]/);
    expect(OPERATION_NAMES).not.toContain('getPathForFile');
  });

  it('takes at most one argument per operation, so preload can pass exactly what each declares', () => {
    for (const name of OPERATION_NAMES) expect(arityOf(IPC_OPERATIONS[name]), name).toBeLessThanOrEqual(1);
  });

  it('refuses extra arguments in main', () => {
    expect(IPC_OPERATIONS.signOut.args.safeParse(['extra']).success).toBe(false);
    expect(IPC_OPERATIONS.cancelListing.args.safeParse(['l1', 'extra']).success).toBe(false);
    expect(IPC_OPERATIONS.cancelListing.args.safeParse(['l1']).success).toBe(true);
  });
});
