import { z } from 'zod';
import { isControlCharacter, isInvisibleCharacter } from '../shared/unsafe-characters';

/** As the contract bounds it (components/schemas/Bucket in backend/openapi.yaml), in characters. */
export const BUCKET_LABEL_MAX = 64;

const ZERO_WIDTH_NON_JOINER = 0x200c;
const ZERO_WIDTH_JOINER = 0x200d;

/**
 * A label as it is safe to show: a control character (a newline, NUL)
 * becomes a space, so "My\nfiles" stays two words on one line; invisible
 * characters (bidi overrides, zero-width space) go, so a label cannot reorder
 * or hide what it shows. The zero-width (non-)joiners stay: emoji sequences
 * and Persian or Indic words need them. Spaces are collapsed and trimmed.
 * Undefined when nothing is left, or more than BUCKET_LABEL_MAX characters:
 * then the app shows the bucket's name, as for a backend without labels.
 */
export function cleanBucketLabel(raw: string): string | undefined {
  let out = '';
  for (const character of raw) {
    const codePoint = character.codePointAt(0)!;
    if (isControlCharacter(codePoint)) out += ' ';
    else if (!isInvisibleCharacter(codePoint) || codePoint === ZERO_WIDTH_NON_JOINER || codePoint === ZERO_WIDTH_JOINER) out += character;
  }
  const label = out.replace(/\s+/g, ' ').trim();
  return label === '' || [...label].length > BUCKET_LABEL_MAX ? undefined : label;
}

/**
 * The optional `label` of a Session's bucket entry. It only names what is
 * shown, so a label that is unusable in any way (not text, too long) is
 * dropped rather than refusing the whole sign-in; the entry keeps its
 * bucket's name. React renders it as text, never as markup.
 */
export const bucketLabelSchema = z.string().transform(cleanBucketLabel).optional().catch(undefined);
