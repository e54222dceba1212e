import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { IPC_OPERATIONS, OPERATION_NAMES, type IpcResult, type OperationName } from '../../../common/ipc';
import { createIpcHandlers, type IpcServices } from '../../../main/ipc/create-handlers';
import type { Logger } from '../../../main/shared/logger';

/**
 * DESIGN.md §4: every IPC handler answers bad input with a typed error, never
 * a crash. Every operation of the contract gets generated hostile argument
 * lists — wrong types, huge and odd Unicode strings, prototype keys, null
 * prototypes, boxed values, wrong arity — through the real createIpcHandlers
 * over services that only record calls. A fixed seed and a fixed number of
 * runs keep it deterministic and independent of the machine's speed.
 */
const SEED = 0x5_3de5c;
const RUNS = 200;

interface Call {
  service: string;
  method: string;
  args: unknown[];
}

/** Services whose every method (of any domain) records its call and answers null; the logger records errors. */
function recordingServices() {
  const calls: Call[] = [];
  const loggedErrors: string[] = [];
  const logger: Logger = { info: () => {}, warn: () => {}, error: (line) => loggedErrors.push(line) };
  const domain = (service: string) =>
    new Proxy({}, { get: (_target, method) => (typeof method === 'string' ? (...args: unknown[]) => (calls.push({ service, method, args }), null) : undefined) });
  const services = new Proxy({} as IpcServices & { logger: Logger }, { get: (_target, name) => (name === 'logger' ? logger : domain(String(name))) });
  return { calls, loggedErrors, handlers: createIpcHandlers(services) as unknown as Record<OperationName, (args: unknown[]) => Promise<IpcResult<unknown>>> };
}

type AnySchema = z.ZodType & { shape?: Record<string, unknown>; def?: { type?: string } };
const argSchemas = (name: OperationName) => (IPC_OPERATIONS[name].args as unknown as { def: { items: AnySchema[] } }).def.items;

/** Every field name the contract's argument objects have, so generated objects come close to valid ones. */
const SCHEMA_KEYS = [...new Set(OPERATION_NAMES.flatMap((name) => argSchemas(name).flatMap((schema) => Object.keys(schema.shape ?? {}))))];
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'then', '__defineGetter__'];

const HOSTILE_TEXT = ['', ' ', '../', '..\\..\\', '../../etc/passwd', '/etc/passwd', 'C:\\Windows\\system32', 'a\u0000b', '\u202egnp.exe', 'CON', 'NUL.txt', '.', '..', '%2e%2e%2f', '\ud800', '😀', 'e\u0301'];
/** Strings past every limit in the contract: up to 200 000 code units of one- to four-byte characters. */
const hugeString = fc
  .tuple(fc.constantFrom('a', 'é', '€', '😀', '\u0000', '../', '\ud800', '/'), fc.integer({ min: 1_000, max: 200_000 }))
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)));
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(...HOSTILE_TEXT),
  hugeString,
  fc.constantFrom(...SCHEMA_KEYS, ...PROTOTYPE_KEYS),
);
const hostileKey = fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom(...SCHEMA_KEYS, ...PROTOTYPE_KEYS));

const anything = fc.anything({
  key: hostileKey,
  values: [hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt()],
  maxDepth: 3,
  maxKeys: 6,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withObjectString: true,
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
});

/** What valid values of each contract field look like, filled with hostile content wherever the schema allows any text. */
const objectKey = fc.oneof(
  fc.constantFrom('../../etc/passwd', '..\\..\\boot.ini', '/absolute', 'a\u0000b', 'C:\\x', 'CON', '\u202egnp.exe', 'dir/../../x', ' '),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
  // At the limit: 1024 code units of one-, two-, three- and four-byte characters (1024 to 3072 bytes of UTF-8).
  fc.constantFrom('a', 'é', '€', '😀', '\u0000').map((unit) => unit.repeat(1024 / unit.length)),
  fc.constantFrom('a', '😀').map((unit) => unit.repeat(1026 / unit.length)),
);
const folderPrefix = fc.oneof(fc.constant(''), objectKey.map((key) => `${key}/`), fc.constantFrom('../', '/', '\u0000/'));
const bucket = fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/), fc.constantFrom('desk-shared', '..', 'a', 'Desk'));
const handleId = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), fc.constantFrom('../x', 'a\u0000', 'x'.repeat(65)));
const FIELDS: Record<string, fc.Arbitrary<unknown>> = {
  bucket,
  key: objectKey,
  keys: fc.array(objectKey, { maxLength: 4 }),
  prefix: folderPrefix,
  basePrefix: folderPrefix,
  prefixes: fc.array(folderPrefix, { maxLength: 3 }),
  listingId: handleId,
  planId: handleId,
  id: handleId,
  name: fc.oneof(objectKey, fc.constantFrom('..', '.', 'a/b', ' x ')),
  paths: fc.array(fc.oneof(objectKey, fc.constantFrom('/etc/shadow', '\\\\server\\share\\x')), { minLength: 1, maxLength: 3 }),
  kind: fc.constantFrom('files', 'folder', 'directory'),
  existing: fc.constantFrom('replace', 'skip', 'overwrite'),
  // Mostly valid (a request has several fields, and all must be valid for the valid path to be fuzzed too), sometimes not.
  mode: fc.oneof({ arbitrary: fc.constantFrom('copy', 'move'), weight: 4 }, fc.constant('link')),
  destinationBucket: fc.oneof({ arbitrary: fc.constantFrom('desk-private', 'desk-shared'), weight: 3 }, bucket),
  destinationPrefix: fc.oneof({ arbitrary: fc.constantFrom('', 'home/', 'a/../b/'), weight: 3 }, folderPrefix),
  from: fc.oneof({ arbitrary: objectKey, weight: 3 }, folderPrefix),
  newName: fc.oneof({ arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), weight: 3 }, fc.constantFrom('..', '.', 'a/b', ' x ', '', 'x'.repeat(256))),
  clashes: fc.oneof({ arbitrary: fc.constantFrom('replace', 'skip', 'keep-both'), weight: 4 }, fc.constant('overwrite')),
  expiresInSeconds: fc.oneof({ arbitrary: fc.constantFrom(900, 3600, 604_800), weight: 3 }, fc.constantFrom(0, 59, 1.5, 604_801, Number.NaN, -900)),
  days: fc.oneof({ arbitrary: fc.constantFrom(1, 7, 30), weight: 4 }, fc.constantFrom(0, 31, 1.5, Number.NaN, -1)),
  tier: fc.oneof({ arbitrary: fc.constantFrom('Standard', 'Bulk', 'Expedited'), weight: 4 }, fc.constantFrom('Fastest', 'standard', '')),
  expectedCount: fc.oneof(fc.nat(), fc.constantFrom(-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 2)),
  backendUrl: fc.oneof(fc.constantFrom('https://desk.example.com', 'http://127.0.0.1:8787', 'javascript:alert(1)', 'file:///etc/passwd', 'https://a\u0000b'), hostileString),
  username: hostileString,
  password: hostileString,
};
const fieldValue = (field: string) => FIELDS[field] ?? hostileString;

/** An argument list shaped like the operation's: the right arity, objects with the schema's fields, and sometimes one field or argument too many. */
function shapedArgs(name: OperationName): fc.Arbitrary<unknown[]> {
  const items = argSchemas(name).map((schema) =>
    schema.shape
      ? fc.record(Object.fromEntries(Object.keys(schema.shape).map((field) => [field, fieldValue(field)])), { requiredKeys: Object.keys(schema.shape) })
      : fc.oneof(handleId, objectKey.map((key) => `https://desk.example.com|${key}`), hostileString),
  );
  return fc.tuple(fc.tuple(...items), fc.option(anything, { freq: 4 }), fc.option(fc.tuple(hostileKey, anything), { freq: 4 })).map(([args, extraArgument, extraField]) => {
    const list: unknown[] = [...args];
    if (extraField && typeof list[0] === 'object' && list[0] !== null) {
      // defineProperty, so '__proto__' becomes an own key as JSON.parse and structured clone would make it.
      Object.defineProperty(list[0], extraField[0], { value: extraField[1], enumerable: true, configurable: true, writable: true });
    }
    if (extraArgument !== null) list.push(extraArgument);
    return list;
  });
}

const argumentLists = (name: OperationName): fc.Arbitrary<unknown[]> => fc.oneof(fc.array(anything, { maxLength: 4 }), shapedArgs(name), shapedArgs(name), fc.constant<unknown[]>([]));

/** The words validation messages are made of (type names and the like): a payload that happens to hold one is not echoed. */
const MESSAGE_VOCABULARY = 'Invalid input: expected nonoptional, received undefined function bigint boolean symbol Unrecognized';

/** Text in a payload long enough that finding it in a reply would mean the reply echoed it (the contract's own words aside). */
function payloadStrings(value: unknown, found: Set<string> = new Set(), depth = 0): Set<string> {
  const add = (text: string) => {
    if (text.length >= 8 && !SCHEMA_KEYS.includes(text) && !MESSAGE_VOCABULARY.includes(text)) found.add(text);
  };
  if (depth > 6) return found;
  if (typeof value === 'string') add(value);
  else if (value instanceof String) add(value.valueOf());
  else if (value instanceof Map || value instanceof Set) for (const entry of value) payloadStrings(entry, found, depth + 1);
  else if (typeof value === 'object' && value !== null) {
    for (const key of Reflect.ownKeys(value)) {
      if (typeof key === 'string') add(key);
      payloadStrings((value as Record<PropertyKey, unknown>)[key], found, depth + 1);
    }
  }
  return found;
}

/** The values a service may receive from a valid argument list: the parsed arguments, or fields of them (signIn passes its request's fields). */
function parts(parsed: unknown[]): unknown[] {
  return parsed.flatMap((item) => (typeof item === 'object' && item !== null ? [item, ...Object.values(item)] : [item]));
}

describe('IPC fuzzing: every operation, hostile argument lists', () => {
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  const prototypeBefore = Reflect.ownKeys(Object.prototype);
  const tally = { operations: 0, runs: 0, invalid: 0, accepted: 0 };

  beforeAll(() => {
    process.on('unhandledRejection', onRejection);
  });
  afterAll(() => {
    process.off('unhandledRejection', onRejection);
    console.info(`IPC fuzz: ${tally.operations} operations × ${RUNS} runs = ${tally.runs} argument lists (${tally.invalid} refused as invalid_input, ${tally.accepted} valid and passed on)`);
  });

  it.each(OPERATION_NAMES.map((name) => [name]))('%s: a typed error or the validated arguments, never a throw, an echo or a stray call', async (name) => {
    const { calls, loggedErrors, handlers } = recordingServices();
    const schema = IPC_OPERATIONS[name].args as unknown as z.ZodType<unknown[]>;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(argumentLists(name), async (args) => {
        calls.length = 0;
        const expected = schema.safeParse(args);
        let reply: IpcResult<unknown>;
        try {
          reply = await handlers[name](args);
        } catch (error) {
          throw new Error(`${name} threw instead of answering`, { cause: error });
        }
        if (!expected.success) {
          expect(reply).toEqual({ ok: false, error: { code: 'invalid_input', message: expect.any(String) } });
          expect(calls).toEqual([]);
          const message = (reply as { error: { message: string } }).error.message;
          expect(message.length).toBeGreaterThan(0);
          for (const text of payloadStrings(args)) expect(message.includes(text), `the reply echoed ${JSON.stringify(text.slice(0, 40))}`).toBe(false);
          tally.invalid++;
        } else {
          accepted++;
          expect(reply).toEqual({ ok: true, value: null });
          // Exactly one service call, with nothing but what the schema let through (same values and prototypes).
          expect(calls).toHaveLength(1);
          const allowed = parts(expected.data);
          for (const arg of calls[0]!.args) expect(allowed.some((part) => isDeepStrictEqual(part, arg))).toBe(true);
        }
        tally.runs++;
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    tally.operations++;
    tally.accepted += accepted;
    expect(loggedErrors, 'an unexpected failure inside a handler').toEqual([]);
    // An operation that takes arguments had valid-shaped ones pass too, so the valid path was exercised; one without takes [].
    expect(accepted).toBeGreaterThan(0);
  });

  it('valid requests with hostile content reach the service exactly as the schema let them through', async () => {
    const { calls, handlers } = recordingServices();
    // Up to S3's limit of 1024 bytes of UTF-8, in one-, two- and four-byte characters.
    const passed = ['a\u0000b', '../../etc/passwd', '..\\..\\boot.ini', '/absolute', '\u202egnp.exe', 'a'.repeat(1024), 'é'.repeat(512), '😀'.repeat(256)];
    for (const key of passed) {
      calls.length = 0;
      expect(await handlers.headObject([{ bucket: 'desk-shared', key }]), key.slice(0, 20)).toEqual({ ok: true, value: null });
      expect(calls).toEqual([{ service: 'objects', method: 'headObject', args: [{ bucket: 'desk-shared', key }] }]);
    }
    for (const key of ['a'.repeat(1025), '']) {
      calls.length = 0;
      expect(await handlers.headObject([{ bucket: 'desk-shared', key }])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(calls).toEqual([]);
    }
    // A prototype key is data, not a prototype: refused as a field the request does not take, and nothing polluted.
    const withProto = JSON.parse('{"bucket":"desk-shared","key":"k","__proto__":{"polluted":true}}') as unknown;
    expect(await handlers.headObject([withProto])).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Invalid request: it has a field this request does not take' } });
    expect(calls).toEqual([]);
  });

  it('no unhandled rejection and no prototype pollution came out of any of it', () => {
    expect(rejections).toEqual([]);
    expect(Reflect.ownKeys(Object.prototype)).toEqual(prototypeBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
