import { describe, expect, it } from 'vitest';
import path from 'node:path';
import {
  keyToSegments,
  relativeKey,
  resolveInside,
  safeSegment,
  withCopyNumber,
  MAX_SEGMENT_BYTES,
  PARENT_SEGMENT,
  type PathPlatform,
} from '../../../main/transfers/local-path';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const ROOTS: Record<PathPlatform, string> = { posix: '/home/me/Downloads', win32: 'C:\\Users\\me\\Downloads' };

/** Where a key would land, as the service computes it: safe segments, then the resolve-inside check. */
function land(key: string, platform: PathPlatform): string {
  const segments = keyToSegments(key, platform);
  return resolveInside(ROOTS[platform], segments.length > 0 ? segments : ['_'], platform);
}

function inside(full: string, platform: PathPlatform): boolean {
  const paths = platform === 'win32' ? path.win32 : path.posix;
  const relative = paths.relative(ROOTS[platform], full);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${paths.sep}`) && !paths.isAbsolute(relative);
}

const HOSTILE_KEYS = [
  '../../etc/passwd',
  '/abs/path',
  'a/../../b',
  'C:\\x',
  '..\\..\\x',
  'C:/Windows/System32/drivers/etc/hosts',
  '\\\\server\\share\\x',
  'nul\u0000byte.txt',
  '..',
  '../',
  '.',
  '//',
  'CON.txt',
  'aux',
  'trailing dot.',
  '   ',
  '. .',
  '...',
  '\u0001..',
  `${'x'.repeat(400)}.txt`,
  'invoice\u202efdp.exe',
  '.\u200b.',
  '\u2066\u2069',
];

/** Bidi controls and zero-width characters: none may reach a local name (emoji joiners apart). */
const INVISIBLE = /[\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]/u;

describe.each<PathPlatform>(['posix', 'win32'])('keys → local paths (%s)', (platform) => {
  it.each(HOSTILE_KEYS)('%j stays inside the chosen folder', (key) => {
    const full = land(key, platform);
    expect(inside(full, platform)).toBe(true);
    for (const segment of keyToSegments(key, platform)) {
      expect(segment).not.toBe('..');
      expect(segment).not.toBe('.');
      expect([...segment].some((char) => char.charCodeAt(0) < 0x20)).toBe(false);
      expect(segment).not.toMatch(INVISIBLE);
      expect(bytes(segment)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
    }
  });

  it('maps ".." to a visible name instead of dropping or following it', () => {
    expect(keyToSegments('../../etc/passwd', platform)).toEqual([PARENT_SEGMENT, PARENT_SEGMENT, 'etc', 'passwd']);
    expect(keyToSegments('a/../../b', platform)).toEqual(['a', PARENT_SEGMENT, PARENT_SEGMENT, 'b']);
  });

  it('drops empty and "." segments, so absolute keys become relative', () => {
    expect(keyToSegments('/abs/path', platform)).toEqual(['abs', 'path']);
    expect(keyToSegments('a//b/./c', platform)).toEqual(['a', 'b', 'c']);
    expect(keyToSegments('//', platform)).toEqual([]);
  });

  it('strips NUL and other control characters', () => {
    expect(keyToSegments('nul\u0000byte\u0007.txt', platform)).toEqual(['nulbyte.txt']);
    expect(safeSegment('\u0000', platform)).toBe('_');
    expect(safeSegment('\u0001..', platform)).toBe(PARENT_SEGMENT);
  });

  it('removes bidi controls, so a name shows what it really is ("invoice\u202Efdp.exe" is an .exe)', () => {
    expect(keyToSegments('invoice\u202efdp.exe', platform)).toEqual(['invoicefdp.exe']);
    expect(keyToSegments('\u202aa\u202bb\u202cc\u202dd\u2066e\u2067f\u2068g\u2069h\u061ci.txt', platform)).toEqual(['abcdefghi.txt']);
    expect(keyToSegments('folder\u202e/inner\u2067.pdf', platform)).toEqual(['folder', 'inner.pdf']);
  });

  it('removes zero-width characters and line separators, so look-alike names are told apart by what they show', () => {
    expect(safeSegment('pay\u200bpal\u200c\u200d\u200e\u200f\u2060\ufeff.html', platform)).toBe('paypal.html');
    expect(safeSegment('two\u2028lines\u2029.txt', platform)).toBe('twolines.txt');
  });

  it('keeps the joiner inside an emoji, which is part of one visible picture', () => {
    expect(safeSegment('👨\u200d👩\u200d👧 family.jpg', platform)).toBe('👨\u200d👩\u200d👧 family.jpg');
    expect(safeSegment('👩🏽\u200d💻 at work.png', platform)).toBe('👩🏽\u200d💻 at work.png');
    expect(safeSegment('a\u200d👍 b👍\u200d.txt', platform)).toBe('a👍 b👍.txt');
  });

  it('never leaves an empty name, "." or ".." once invisible characters are gone', () => {
    expect(safeSegment('\u200b', platform)).toBe('_');
    expect(safeSegment('\u202e\u2066 \u2069', platform)).toBe('_');
    expect(safeSegment('.\u200b.', platform)).toBe(PARENT_SEGMENT);
    expect(safeSegment('\ufeff.', platform)).toBe('_');
  });

  it('turns a name of only spaces into a visible one', () => {
    expect(safeSegment('   ', platform)).toBe('_');
  });

  it('keeps the extension when cutting a long name to 255 bytes', () => {
    const [name] = keyToSegments(`${'x'.repeat(400)}.txt`, platform);
    expect(bytes(name!)).toBe(MAX_SEGMENT_BYTES);
    expect(name!.endsWith('.txt')).toBe(true);
  });

  it('never cuts a multi-byte character (or an emoji) in half', () => {
    const [name] = keyToSegments(`${'日本語'.repeat(40)}🎉🎉🎉.pdf`, platform);
    expect(bytes(name!)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
    expect(name!.endsWith('.pdf')).toBe(true);
    expect(name).not.toContain('\ufffd');
    expect(Buffer.from(name!, 'utf8').toString('utf8')).toBe(name);
    const [emoji] = keyToSegments('👨‍👩‍👧'.repeat(30), platform);
    expect(bytes(emoji!)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
    expect(emoji!.length % '👨‍👩‍👧'.length).toBe(0);
  });
});

describe('POSIX names', () => {
  it('keeps unicode (日本語, emoji) and characters Windows forbids', () => {
    expect(keyToSegments('odd names/日本語のファイル.txt', 'posix')).toEqual(['odd names', '日本語のファイル.txt']);
    expect(keyToSegments('odd names/naïve café 🎉.txt', 'posix')).toEqual(['odd names', 'naïve café 🎉.txt']);
    expect(keyToSegments('question?.txt', 'posix')).toEqual(['question?.txt']);
    expect(keyToSegments('trailing dot.', 'posix')).toEqual(['trailing dot.']);
  });

  it('treats backslashes and drive letters as ordinary characters (they are, on POSIX)', () => {
    expect(keyToSegments('C:\\x', 'posix')).toEqual(['C:\\x']);
    expect(keyToSegments('..\\..\\x', 'posix')).toEqual(['..\\..\\x']);
    expect(land('..\\..\\x', 'posix')).toBe('/home/me/Downloads/..\\..\\x');
  });

  it('does not rename Windows device names', () => {
    expect(keyToSegments('CON.txt', 'posix')).toEqual(['CON.txt']);
  });
});

describe('Windows names', () => {
  it('replaces <>:"\\|?* so backslashes and drive letters cannot form a path', () => {
    expect(keyToSegments('C:\\x', 'win32')).toEqual(['C__x']);
    expect(keyToSegments('..\\..\\x', 'win32')).toEqual(['.._.._x']);
    expect(keyToSegments('a<b>c:"d"|e?f*g', 'win32')).toEqual(['a_b_c__d__e_f_g']);
    expect(land('C:\\x', 'win32')).toBe('C:\\Users\\me\\Downloads\\C__x');
    expect(land('\\\\server\\share\\x', 'win32')).toBe('C:\\Users\\me\\Downloads\\__server_share_x');
  });

  it('strips trailing dots and spaces, which Windows would drop silently', () => {
    expect(keyToSegments('trailing dot.', 'win32')).toEqual(['trailing dot']);
    expect(keyToSegments('folder. ./file . ', 'win32')).toEqual(['folder', 'file']);
    expect(safeSegment('...', 'win32')).toBe('_');
  });

  it.each(['CON', 'con', 'CON.txt', 'aux', 'Aux.tar.gz', 'NUL', 'prn.log', 'COM1', 'com9.txt', 'LPT1', 'lpt9.dat', 'CON .txt', 'COM¹'])(
    'prefixes the reserved device name %j',
    (name) => {
      const safe = safeSegment(name, 'win32');
      expect(safe).toBe(`_${name}`);
    },
  );

  it('leaves names that only start like a device name alone', () => {
    expect(safeSegment('CONSOLE.txt', 'win32')).toBe('CONSOLE.txt');
    expect(safeSegment('COM10', 'win32')).toBe('COM10');
    expect(safeSegment('auxiliary', 'win32')).toBe('auxiliary');
  });

  it('keeps unicode', () => {
    expect(keyToSegments('日本語/🎉.txt', 'win32')).toEqual(['日本語', '🎉.txt']);
  });
});

describe('resolveInside', () => {
  it('refuses segments that would leave the root (defence in depth)', () => {
    expect(() => resolveInside('/home/me/Downloads', ['..', 'x'], 'posix')).toThrow(/leave the chosen folder/);
    expect(() => resolveInside('/home/me/Downloads', ['/etc/passwd'], 'posix')).toThrow(/leave the chosen folder/);
    expect(() => resolveInside('/home/me/Downloads', [], 'posix')).toThrow(/leave the chosen folder/);
    expect(() => resolveInside('C:\\Users\\me', ['D:\\x'], 'win32')).toThrow(/leave the chosen folder/);
    expect(() => resolveInside('C:\\Users\\me', ['..\\..\\x'], 'win32')).toThrow(/leave the chosen folder/);
  });

  it('accepts names that merely start with two dots', () => {
    expect(resolveInside('/home/me/Downloads', ['..hidden'], 'posix')).toBe('/home/me/Downloads/..hidden');
  });
});

describe('withCopyNumber', () => {
  it('numbers before the extension, as file managers do', () => {
    expect(withCopyNumber('report.pdf', 1, 'posix')).toBe('report (1).pdf');
    expect(withCopyNumber('archive.tar.gz', 2, 'posix')).toBe('archive.tar (2).gz');
    expect(withCopyNumber('.bashrc', 1, 'posix')).toBe('.bashrc (1)');
    expect(withCopyNumber('photos', 3, 'posix')).toBe('photos (3)');
  });

  it('stays within 255 bytes', () => {
    const name = withCopyNumber(`${'é'.repeat(127)}.txt`, 12, 'posix');
    expect(bytes(name)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
    expect(name.endsWith(' (12).txt')).toBe(true);
  });
});

describe('relativeKey', () => {
  it('is the key below the folder being browsed, or the whole key outside it', () => {
    expect(relativeKey('home/docs/a.txt', 'home/')).toBe('docs/a.txt');
    expect(relativeKey('elsewhere/a.txt', 'home/')).toBe('elsewhere/a.txt');
  });
});
