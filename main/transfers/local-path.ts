import path from 'node:path';
import { isControlCharacter, replaceCharacters } from '../shared/unsafe-characters';

/**
 * Turning S3 keys into local file names. A key is any UTF-8 up to 1024
 * bytes and may hold `../`, absolute paths, drive letters, NUL or names
 * Windows reserves; a download must still never write outside the folder the
 * user chose (DESIGN.md §4). Pure and platform-parameterised, so the Windows
 * rules are tested on every machine.
 */

export type PathPlatform = 'win32' | 'posix';

export function currentPlatform(): PathPlatform {
  return process.platform === 'win32' ? 'win32' : 'posix';
}

/** What a key segment `..` becomes: visible, so nothing silently disappears, and never a way up. */
export const PARENT_SEGMENT = '__';
/** What a segment with nothing usable left becomes (only spaces, only control characters). */
export const EMPTY_SEGMENT = '_';
/** Most file systems (ext4, APFS, NTFS in UTF-16 units) cap a name at 255; bytes of UTF-8 are the stricter count. */
export const MAX_SEGMENT_BYTES = 255;
/** An "extension" longer than this is just part of the name, not worth keeping whole when truncating. */
const MAX_EXTENSION_BYTES = 32;

/**
 * Characters that draw nothing yet change what a name looks like: the bidi
 * embeddings, overrides and isolates (U+202A–202E, U+2066–2069, U+061C)
 * that make "invoice\u202Efdp.exe" show as "invoiceexe.pdf", the zero-width
 * space, joiners and marks (U+200B–200F, U+2060, U+FEFF) that make two
 * different names look alike, and the line and paragraph separators
 * (U+2028, U+2029). They are removed, not replaced: what is left is what the
 * name really says. A zero-width joiner inside an emoji (👨‍👩‍👧) is kept,
 * being part of one visible picture; Persian and Indic text, which uses the
 * joiners between letters, loses them and stays readable.
 */
const INVISIBLE_CHARACTERS =
  /[\u061c\u200b\u200c\u200e\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]|(?<!\p{Extended_Pictographic}(?:\ufe0f|\p{Emoji_Modifier})?)\u200d|\u200d(?!\p{Extended_Pictographic})/gu;
const WINDOWS_FORBIDDEN = /[<>:"\\|?*]/g;
const WINDOWS_TRAILING = /[. ]+$/;
/** Device names Windows reserves whatever the extension ("CON.txt" is the console too). */
const WINDOWS_RESERVED = new Set([
  'CON',
  'PRN',
  'AUX',
  'NUL',
  'CONIN$',
  'CONOUT$',
  ...['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '¹', '²', '³'].flatMap((digit) => [`COM${digit}`, `LPT${digit}`]),
]);

/**
 * One key segment → one safe file or folder name, or null when the segment
 * means nothing locally ('' from "a//b" or a leading "/", and ".").
 */
export function safeSegment(segment: string, platform: PathPlatform = currentPlatform()): string | null {
  if (segment === '' || segment === '.') return null;
  if (segment === '..') return PARENT_SEGMENT;
  // Control characters go (NUL ends a path in C, the others confuse terminals and file managers); so do the invisible ones.
  let name = replaceCharacters(segment, isControlCharacter, () => '').replace(INVISIBLE_CHARACTERS, '');
  // Stripping can leave something that means "here" or "up" again ("\u0001..", ".\u200b.").
  if (name === '..') return PARENT_SEGMENT;
  if (platform === 'win32') name = name.replace(WINDOWS_FORBIDDEN, '_').replace(WINDOWS_TRAILING, '');
  if (name === '.' || name.trim() === '') return EMPTY_SEGMENT;
  if (platform === 'win32' && isWindowsReserved(name)) name = `_${name}`;
  return fitSegment(name, platform);
}

/** A key relative to the folder being downloaded → safe path segments (possibly none, e.g. for "/" or "./"). */
export function keyToSegments(relativeKey: string, platform: PathPlatform = currentPlatform()): string[] {
  const segments: string[] = [];
  for (const part of relativeKey.split('/')) {
    const safe = safeSegment(part, platform);
    if (safe !== null) segments.push(safe);
  }
  return segments;
}

/** The key below basePrefix; a key outside it (only a misbehaving caller sends one) is taken whole. */
export function relativeKey(key: string, basePrefix: string): string {
  return key.startsWith(basePrefix) ? key.slice(basePrefix.length) : key;
}

/**
 * root + segments as an absolute path, checked to stay strictly inside root.
 * The segments are already safe; this is defence in depth against a mistake
 * elsewhere, so it throws rather than repairs.
 */
export function resolveInside(root: string, segments: readonly string[], platform: PathPlatform = currentPlatform()): string {
  const paths = platform === 'win32' ? path.win32 : path.posix;
  const base = paths.resolve(root);
  const full = paths.resolve(base, ...segments);
  const relative = paths.relative(base, full);
  if (relative === '' || relative === '..' || relative.startsWith(`..${paths.sep}`) || paths.isAbsolute(relative)) {
    throw new Error('A download path would leave the chosen folder.');
  }
  return full;
}

/**
 * "name (n).ext": the name for the n-th copy when "name.ext" is taken, as
 * Finder and Explorer do; still within the length limit.
 */
export function withCopyNumber(name: string, copy: number, platform: PathPlatform = currentPlatform()): string {
  const { stem, extension } = splitExtension(name);
  const suffix = ` (${copy})`;
  const room = MAX_SEGMENT_BYTES - byteLength(suffix) - byteLength(extension);
  return `${truncateBytes(stem, room, platform)}${suffix}${extension}`;
}

/** ".tar.gz" counts as ".gz": good enough to keep a file openable after truncation. Dotfiles have no extension. */
export function splitExtension(name: string): { stem: string; extension: string } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return { stem: name, extension: '' };
  const extension = name.slice(dot);
  if (byteLength(extension) > MAX_EXTENSION_BYTES || /\s/.test(extension)) return { stem: name, extension: '' };
  return { stem: name.slice(0, dot), extension };
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function isWindowsReserved(name: string): boolean {
  const dot = name.indexOf('.');
  const base = (dot === -1 ? name : name.slice(0, dot)).trimEnd().toUpperCase();
  return WINDOWS_RESERVED.has(base);
}

/** At most 255 bytes, cutting the stem (never inside a character) and keeping the extension. */
function fitSegment(name: string, platform: PathPlatform): string {
  if (byteLength(name) <= MAX_SEGMENT_BYTES) return name;
  const { stem, extension } = splitExtension(name);
  return truncateBytes(stem, MAX_SEGMENT_BYTES - byteLength(extension), platform) + extension;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The longest start of `text` that fits in `maxBytes` of UTF-8, never cutting inside a character (or a grapheme). */
export function truncateToBytes(text: string, maxBytes: number): string {
  if (byteLength(text) <= maxBytes) return text;
  let result = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = byteLength(segment);
    if (used + size > maxBytes) break;
    result += segment;
    used += size;
  }
  return result;
}

function truncateBytes(text: string, maxBytes: number, platform: PathPlatform): string {
  let result = truncateToBytes(text, maxBytes);
  // Cutting can expose a trailing dot or space, which Windows would silently drop.
  if (platform === 'win32') result = result.replace(WINDOWS_TRAILING, '');
  return result === '' ? EMPTY_SEGMENT : result;
}
