import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareKeys } from '../../../main/browse/range-listing/key-order';
import { estimateRemaining, KeyAlphabet, siblingPoints, splitPoints } from '../../../main/browse/range-listing/split-points';

const utf8Order = (a: string, b: string) => Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
const keyText = fc.string({ unit: fc.constantFrom(...[...'a/0z-é中\uE000\uFF01\u{10000}\u{1F600}\u{10FFFF}']), maxLength: 8 });

describe('key order', () => {
  it('is S3 order (UTF-8 bytes) for any two keys, astral characters included', () => {
    fc.assert(
      fc.property(keyText, keyText, (a, b) => {
        expect(Math.sign(compareKeys(a, b))).toBe(utf8Order(a, b));
      }),
    );
  });

  it('puts U+FF01 before an emoji, which JavaScript’s < does not', () => {
    expect('\u{1F600}' < '\uFF01').toBe(true);
    expect(compareKeys('\uFF01', '\u{1F600}')).toBeLessThan(0);
  });
});

describe('split points', () => {
  const folder = 'photos/';
  const alphabetOf = (names: string[]) => {
    const alphabet = new KeyAlphabet(folder);
    for (const name of names) alphabet.learn(folder + name);
    return alphabet;
  };

  it('are ascending, distinct and strictly inside (after, upTo), whatever the keys', () => {
    fc.assert(
      fc.property(fc.array(keyText, { minLength: 1 }), keyText, fc.option(keyText, { nil: null }), fc.integer({ min: 1, max: 40 }), (names, a, b, count) => {
        const alphabet = alphabetOf(names);
        const after = folder + a;
        const upTo = b === null ? null : folder + b;
        if (upTo !== null && compareKeys(after, upTo) >= 0) return;
        for (const points of [splitPoints(after, upTo, count, alphabet, folder), siblingPoints(after, upTo, folder + names[0]!, alphabet, folder, count)]) {
          expect(points.length).toBeLessThanOrEqual(count);
          const bounds = [after, ...points];
          for (let i = 1; i < bounds.length; i++) expect(compareKeys(bounds[i - 1]!, bounds[i]!)).toBeLessThan(0);
          if (upTo !== null) for (const point of points) expect(compareKeys(point, upTo)).toBeLessThan(0);
        }
      }),
    );
  });

  it('after a page of a numbered folder, cut at the next numbers at every scale, nearest first', () => {
    const page = Array.from({ length: 1000 }, (_, i) => `IMG_${String(i).padStart(5, '0')}.jpg`);
    const points = siblingPoints(`${folder}IMG_00999.jpg`, null, `${folder}IMG_00000.jpg`, alphabetOf(page), folder, 100);
    expect(points.slice(0, 18).map((point) => point.slice(folder.length))).toEqual([
      // IMG_00999 ends the IMG_00 hundreds: next come IMG_01 … IMG_09, then IMG_1 … IMG_9.
      ...['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((digit) => `IMG_0${digit}`),
      ...['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((digit) => `IMG_${digit}`),
    ]);
  });

  it('spell cuts in the characters the folder uses', () => {
    const alphabet = alphabetOf(['a-1', 'b-2', 'c-3']);
    const points = splitPoints(`${folder}a-1`, null, 5, alphabet, folder);
    expect(points).toHaveLength(5);
    for (const point of points) expect([...point.slice(folder.length)].every((character) => 'abc-123'.includes(character))).toBe(true);
  });
});

describe('how many keys a range still holds, estimated', () => {
  const folder = 'photos/';
  const counter = (i: number) => `${folder}IMG_${String(i).padStart(6, '0')}.jpg`;
  const alphabetOf = (keys: string[]) => {
    const alphabet = new KeyAlphabet(folder);
    for (const key of keys) alphabet.learn(key);
    return alphabet;
  };
  const seen = Array.from({ length: 1000 }, (_, i) => counter(i));

  it('sees a counter’s range as done at its last number: IMG_000999 is right before IMG_001', () => {
    const estimate = estimateRemaining(counter(0), counter(999), 1000, `${folder}IMG_001`, alphabetOf(seen), folder);
    expect(estimate).not.toBeNull();
    expect(estimate!).toBeLessThan(5);
  });

  it('expects about as many keys again halfway through a dense range', () => {
    const estimate = estimateRemaining(counter(0), counter(499), 500, `${folder}IMG_001`, alphabetOf(seen), folder);
    expect(estimate!).toBeGreaterThan(300);
    expect(estimate!).toBeLessThan(800);
  });

  it('is a number of keys (finite, never negative) or null, for any keys in order', () => {
    fc.assert(
      fc.property(fc.array(keyText, { minLength: 3, maxLength: 3 }), fc.integer({ min: 0, max: 2000 }), fc.array(keyText), (ends, count, names) => {
        const [first, last, upTo] = ends.map((name) => folder + name).sort(compareKeys) as [string, string, string];
        const estimate = estimateRemaining(first, last, count, upTo, alphabetOf(names.map((name) => folder + name)), folder);
        if (estimate !== null) {
          expect(Number.isFinite(estimate)).toBe(true);
          expect(estimate).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});
