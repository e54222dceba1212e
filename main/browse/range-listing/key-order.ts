/**
 * S3 orders keys by their UTF-8 bytes, which is Unicode code point order.
 * JavaScript's `<` compares UTF-16 code units, and the two disagree once a
 * character outside the Basic Multilingual Plane (a surrogate pair, U+D800–
 * U+DFFF as code units) meets one in U+E000–U+FFFF: '\u{1F600}' < '\uFF01' in
 * JavaScript, but S3 lists '\uFF01' first. Every comparison of keys in the
 * range lister goes through here.
 */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** At the first differing code unit, surrogates stand for code points above U+FFFF: move them above U+E000–U+FFFF. */
function codePointRank(codeUnit: number): number {
  if (codeUnit >= 0xe000) return codeUnit - 0x800;
  if (codeUnit >= 0xd800) return codeUnit + 0x2000;
  return codeUnit;
}

/** The later of two keys in S3's order. */
export function laterKey(a: string, b: string): string {
  return compareKeys(a, b) >= 0 ? a : b;
}
