import { compareKeys } from './key-order';

/** Code points below this never go into a split point: S3 echoes StartAfter in XML, which cannot carry control characters. */
const FIRST_PRINTABLE = 0x20;
/** Enough characters to describe any folder's names; more would only slow the arithmetic down. */
const MAX_ALPHABET = 4096;
/** Positions in a name whose characters are remembered one by one; names rarely differ further in. */
const MAX_POSITIONS = 256;

/**
 * The characters seen in a folder's key names (after the folder's prefix), in
 * code point order: what split points are spelled with. Guessing split
 * points in this alphabet rather than in all of Unicode keeps them where keys
 * can be (a folder of `photo-000123.jpg` names is split between digits, not
 * between U+0000 and U+10FFFF).
 */
export class KeyAlphabet {
  private readonly seen = new Set<number>();
  private readonly seenAt: Set<number>[] = [];
  private sorted: number[] = [];
  private stale = false;
  private readonly sortedAt = new Map<number, number[]>();

  constructor(private readonly prefix: string) {}

  /** Learns the characters of a key or common prefix under the folder, and where in the name each stood. */
  learn(key: string): void {
    let position = 0;
    for (const character of key.slice(this.prefix.length)) {
      const codePoint = character.codePointAt(0)!;
      if (position < MAX_POSITIONS) {
        const there = (this.seenAt[position] ??= new Set());
        if (!there.has(codePoint)) {
          there.add(codePoint);
          this.sortedAt.delete(position);
        }
      }
      position++;
      if (codePoint < FIRST_PRINTABLE || this.seen.has(codePoint) || this.seen.size >= MAX_ALPHABET) continue;
      this.seen.add(codePoint);
      this.stale = true;
    }
  }

  /** The seen characters, ascending by code point (UTF-8 order). */
  characters(): readonly number[] {
    if (this.stale) {
      this.sorted = [...this.seen].sort((a, b) => a - b);
      this.stale = false;
    }
    return this.sorted;
  }

  /** The characters seen at `position` of a name, ascending (all seen characters past the remembered positions). */
  charactersAt(position: number): readonly number[] {
    if (position >= MAX_POSITIONS) return this.characters();
    let sorted = this.sortedAt.get(position);
    if (!sorted) {
      sorted = [...(this.seenAt[position] ?? [])].sort((a, b) => a - b);
      this.sortedAt.set(position, sorted);
    }
    return sorted;
  }

  /**
   * The characters that may follow `codePoint` at `position` of a name, ascending: those seen there, and
   * when only one was (a counter's leading zeros), the seen characters of the same kind — digits, lower
   * or upper case letters.
   */
  nextAt(position: number, codePoint: number): number[] {
    const there = this.seenAt[position] ?? new Set<number>();
    const kind = kindOf(codePoint);
    const candidates = there.size > 1 || kind === undefined ? [...there] : [...there, ...this.characters().filter((other) => kindOf(other) === kind)];
    return [...new Set(candidates)].filter((other) => other > codePoint && other >= FIRST_PRINTABLE).sort((a, b) => a - b);
  }
}

function kindOf(codePoint: number): 'digit' | 'lower' | 'upper' | undefined {
  if (codePoint >= 0x30 && codePoint <= 0x39) return 'digit';
  if (codePoint >= 0x61 && codePoint <= 0x7a) return 'lower';
  if (codePoint >= 0x41 && codePoint <= 0x5a) return 'upper';
  return undefined;
}

/**
 * Where the keys after `after` probably fall apart into subtrees: the next
 * siblings of `after`'s own characters, nearest first, up to `max` of them,
 * all strictly between `after` and `upTo` (null: the end of the folder).
 *
 * A folder's names mostly share a shape (`IMG_00123.jpg`, `2024-05-17/`,
 * hashes): after `IMG_00999.jpg` come `IMG_01…`, `IMG_02…` and, further on,
 * `IMG_1…`, `IMG_2…`. So for each position from the one where the last page's
 * names started to differ (`pageFirst` against `after`) up to the one `after`
 * shares with `upTo`, every character seen at that position (or of the same
 * kind, where only one was seen) that sorts after `after`'s own starts a
 * piece. Nearer pieces are smaller, further ones larger, so the cut hedges
 * across folder sizes; empty pieces cost a request or are merged into the
 * range before them.
 */
export function siblingPoints(after: string, upTo: string | null, pageFirst: string | undefined, alphabet: KeyAlphabet, prefix: string, max: number): string[] {
  const name = [...after.slice(prefix.length)];
  const shallowest = upTo === null ? 0 : [...commonPrefix(after, upTo)].length - [...prefix].length;
  const deepest = Math.min(name.length - 1, pageFirst === undefined ? name.length - 1 : [...commonPrefix(after, pageFirst)].length - [...prefix].length);
  const points: string[] = [];
  for (let depth = deepest; depth >= Math.max(0, shallowest) && points.length < max; depth--) {
    const stem = prefix + name.slice(0, depth).join('');
    for (const next of alphabet.nextAt(depth, name[depth]!.codePointAt(0)!)) {
      const point = stem + String.fromCodePoint(next);
      if (upTo !== null && compareKeys(point, upTo) >= 0) break;
      points.push(point);
      if (points.length >= max) break;
    }
  }
  return points;
}

/**
 * Up to `count` keys strictly between `after` and `upTo` (null: the end of
 * the folder), ascending and distinct: where to cut the range (after, upTo]
 * into pieces that can be listed at the same time.
 *
 * The keys below the two ends' common prefix are read as fractions in base
 * (alphabet size + 1), digit 0 meaning "the name ends here", and the interval
 * between the two fractions is cut evenly; each cut is spelled back in the
 * alphabet. A character the alphabet has not seen counts as halfway between
 * its neighbours. This is a guess about where keys are, never a promise: an
 * empty piece costs one request, a dense one is cut again when it shows it.
 * Fewer than `count` keys come back when the interval is too narrow to cut
 * at the precision of a double.
 */
export function splitPoints(after: string, upTo: string | null, count: number, alphabet: KeyAlphabet, prefix: string): string[] {
  const characters = alphabet.characters();
  if (count <= 0 || characters.length === 0) return [];
  const shared = upTo === null ? prefix : commonPrefix(after, upTo);
  const base = characters.length + 1;
  // As many digits as a double holds exactly: the fractions stay exact sums.
  const digits = Math.max(2, Math.floor(50 / Math.log2(base)));
  const low = fraction(after.slice(shared.length), characters, base, digits);
  const high = upTo === null ? 1 : fraction(upTo.slice(shared.length), characters, base, digits);
  const points: string[] = [];
  for (let i = 1; i <= count; i++) {
    const point = shared + spell(low + ((high - low) * i) / (count + 1), characters, base, digits);
    const previous = points.at(-1) ?? after;
    if (compareKeys(point, previous) <= 0) continue;
    if (upTo !== null && compareKeys(point, upTo) >= 0) break;
    points.push(point);
  }
  return points;
}

function commonPrefix(a: string, b: string): string {
  const x = [...a];
  const y = [...b];
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return x.slice(0, i).join('');
}

/** `text` as a number in [0, 1): its first `digits` characters, each its place in the alphabet. */
function fraction(text: string, characters: readonly number[], base: number, digits: number): number {
  let value = 0;
  let scale = 1;
  let i = 0;
  for (const character of text) {
    if (i++ >= digits) break;
    scale /= base;
    value += digitOf(character.codePointAt(0)!, characters) * scale;
  }
  return value;
}

/** 1 + the character's index in the alphabet; an unseen character sits halfway between its neighbours. */
function digitOf(codePoint: number, characters: readonly number[]): number {
  const below = charactersBelow(codePoint, characters);
  return characters[below] === codePoint ? below + 1 : below + 0.5;
}

/** The alphabet string whose fraction is the largest one not above `value`. */
function spell(value: number, characters: readonly number[], base: number, digits: number): string {
  let text = '';
  let rest = value;
  for (let i = 0; i < digits; i++) {
    rest *= base;
    const digit = Math.min(Math.floor(rest), base - 1);
    if (digit === 0) break;
    rest -= digit;
    text += String.fromCodePoint(characters[digit - 1]!);
  }
  return text;
}

/**
 * About how many entries lie after `last` and up to `upTo`, if the rest of
 * the range is as dense as the stretch from `first` to `last` that held
 * `count` of them. Names (below the folder's prefix) are read as numbers
 * whose digit at each position is the character's place among those seen
 * at that position: in `photo-000123.jpg` names the last digit counts in
 * base 10, so `photo-000999.jpg` is found right before `photo-001`, not
 * halfway to it as it would be among every letter seen anywhere. Null when
 * nothing can be measured. A guess, like the cut points: what it decides
 * is a page size, never what is listed.
 */
export function estimateRemaining(first: string, last: string, count: number, upTo: string, alphabet: KeyAlphabet, prefix: string): number | null {
  if (count < 2) return null;
  const names = [first, last, upTo].map((key) => [...key.slice(prefix.length)]);
  let from = 0;
  while (names.every((name) => name[from] !== undefined && name[from] === names[0]![from])) from++;
  const [low, high, end] = names.map((name) => positional(name, from, alphabet)) as [number, number, number];
  const seen = high - low;
  if (!(seen > 0)) return null;
  return Math.max(0, (count * (end - high)) / seen);
}

/**
 * A name from `from` on as a fraction in [0, 1), each position in the base of the characters seen
 * there. A character not seen there reads as the end of the subtree of the seen one before it, and
 * what follows it is not read: so the order of names is kept (a name under an unseen character
 * never reads below one under the seen character before it).
 */
function positional(name: string[], from: number, alphabet: KeyAlphabet): number {
  let value = 0;
  let scale = 1;
  for (let position = from; position < name.length && scale > 1e-15; position++) {
    const seenThere = alphabet.charactersAt(position);
    const characters = seenThere.length > 0 ? seenThere : alphabet.characters();
    if (characters.length === 0) break;
    scale /= characters.length + 1;
    const codePoint = name[position]!.codePointAt(0)!;
    const below = charactersBelow(codePoint, characters);
    // Digit 0 is "the name ends here"; the seen character at index i is digit i + 1.
    value += (below + 1) * scale;
    if (characters[below] !== codePoint) break;
  }
  return value;
}

/** How many of the (ascending) characters sort before `codePoint`. */
function charactersBelow(codePoint: number, characters: readonly number[]): number {
  let low = 0;
  let high = characters.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (characters[middle]! < codePoint) low = middle + 1;
    else high = middle;
  }
  return low;
}
