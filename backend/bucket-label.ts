import { z } from 'zod';

/**
 * A bucket entry's label (BACKEND_BUCKETS, components/schemas/Bucket in
 * openapi.yaml): the name people see for it in the app, e.g. "My files".
 */

/** In characters (code points, as JSON Schema's maxLength counts them): enough for a name, short enough for a sidebar. */
export const BUCKET_LABEL_MAX = 64;

export const BUCKET_LABEL_RULE = `1 to ${BUCKET_LABEL_MAX} characters of text, without control characters or invisible formatting characters`;

/**
 * C0 and C1 controls and DEL (a newline would split a sidebar row), and the
 * characters that draw nothing yet reorder or hide text: bidi marks,
 * embeddings, overrides and isolates, line and paragraph separators,
 * zero-width space, word joiner and BOM. The zero-width (non-)joiners stay
 * allowed: emoji sequences and Persian or Indic words need them.
 */
function isRefusedCharacter(codePoint: number): boolean {
  return (
    codePoint <= 0x1f ||
    (codePoint >= 0x7f && codePoint <= 0x9f) ||
    codePoint === 0x061c ||
    codePoint === 0x200b ||
    codePoint === 0x200e ||
    codePoint === 0x200f ||
    (codePoint >= 0x2028 && codePoint <= 0x202e) ||
    codePoint === 0x2060 ||
    (codePoint >= 0x2066 && codePoint <= 0x2069) ||
    codePoint === 0xfeff
  );
}

const isPlainText = (label: string) => [...label].every((character) => !isRefusedCharacter(character.codePointAt(0)!));

/** Surrounding spaces are forgiven (an operator's typo); anything else outside the rule is a startup error. */
export const bucketLabelSchema = z
  .string()
  .trim()
  .refine((label) => label.length > 0 && [...label].length <= BUCKET_LABEL_MAX && isPlainText(label));
