import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  EVENT_NAMES,
  IPC_EVENTS,
  IPC_OPERATIONS,
  OPERATION_NAMES,
  PAGE_OPERATION_NAMES,
  PRELOAD_ONLY_OPERATION_NAMES,
  arityOf,
  isPreloadOnly,
  type DeskApi,
  type PreloadApi,
  type PreloadOnlyOperationName,
} from '../../common/ipc';

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

  it('marks the operations only preload sends, and keeps them out of what window.api derives', () => {
    // On purpose: a new preload-only operation needs its PreloadApi function written by hand.
    expect(PRELOAD_ONLY_OPERATION_NAMES).toEqual(['planDroppedUpload']);
    expect([...PAGE_OPERATION_NAMES, ...PRELOAD_ONLY_OPERATION_NAMES].sort()).toEqual([...OPERATION_NAMES].sort());
    for (const name of PAGE_OPERATION_NAMES) expect(isPreloadOnly(IPC_OPERATIONS[name]), name).toBe(false);
    for (const name of PRELOAD_ONLY_OPERATION_NAMES) expect(isPreloadOnly(IPC_OPERATIONS[name]), name).toBe(true);
    // Each preload-only operation has exactly one hand-written window.api function of its name, taking what the page can give.
    expectTypeOf<keyof PreloadApi>().toEqualTypeOf<PreloadOnlyOperationName>();
    expectTypeOf<DeskApi['planDroppedUpload']>().toEqualTypeOf<PreloadApi['planDroppedUpload']>();
  });

  it('takes no local path from the page: no operation window.api derives accepts one', () => {
    const pagePaths = { bucket: 'desk-shared', prefix: 'library/', paths: ['/home/ann/.aws/credentials'] };
    for (const name of PAGE_OPERATION_NAMES) expect(IPC_OPERATIONS[name].args.safeParse([pagePaths]).success, name).toBe(false);
    expect(OPERATION_NAMES).not.toContain('planUpload');
  });

  it('takes at most one argument per operation, so preload can pass exactly what each declares', () => {
    for (const name of OPERATION_NAMES) expect(arityOf(IPC_OPERATIONS[name]), name).toBeLessThanOrEqual(1);
  });

  it('refuses extra arguments in main', () => {
    expect(IPC_OPERATIONS.signOut.args.safeParse(['extra']).success).toBe(false);
    expect(IPC_OPERATIONS.cancelListing.args.safeParse(['l1', 'extra']).success).toBe(false);
    expect(IPC_OPERATIONS.cancelListing.args.safeParse(['l1']).success).toBe(true);
  });

  it('measures keys as S3 does, in UTF-8 bytes: 1,024 ASCII characters fit, 1,024 emoji do not', () => {
    const head = (key: string) => IPC_OPERATIONS.headObject.args.safeParse([{ bucket: 'desk-shared', key }]).success;
    expect(head('k'.repeat(1024))).toBe(true);
    expect(head('k'.repeat(1025))).toBe(false);
    expect(head('😀'.repeat(256))).toBe(true);
    expect(head('😀'.repeat(257))).toBe(false);
    expect(head('é'.repeat(513))).toBe(false);
  });
});
