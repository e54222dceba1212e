import { describe, expect, it } from 'vitest';
import { backendSessionSchema } from '../../../main/session/backend-session';
import { BUCKET_LABEL_MAX, cleanBucketLabel } from '../../../main/session/bucket-label';
import { backendSession } from '../helpers/sessions';

/** The buckets the app takes from a Session whose first entry carries `label` as given (the key left out when undefined). */
function bucketsWith(label: unknown) {
  const reply = backendSession();
  const first = { name: 'desk-private', prefix: 'us-east-1:abc/', ...(label === undefined ? {} : { label }) };
  const parsed = backendSessionSchema.safeParse({ ...reply, buckets: [first, { name: 'desk-shared', prefix: 'library/' }] });
  expect(parsed.success).toBe(true);
  return parsed.data!.buckets;
}

describe("the Session contract's bucket label", () => {
  it('takes a label as given', () => {
    expect(bucketsWith('My files')[0]?.label).toBe('My files');
    expect(bucketsWith('Équipe — 共有フォルダ 📁')[0]?.label).toBe('Équipe — 共有フォルダ 📁');
  });

  it('is optional: an entry without one, as every backend before labels answers, has none', () => {
    const buckets = bucketsWith(undefined);
    expect(buckets[0]?.label).toBeUndefined();
    expect(buckets[1]?.label).toBeUndefined();
    expect(bucketsWith(null)[0]?.label).toBeUndefined();
  });

  it(`drops a label longer than ${BUCKET_LABEL_MAX} characters, keeping the entry and the sign-in`, () => {
    expect(bucketsWith('📁'.repeat(BUCKET_LABEL_MAX))[0]?.label).toBe('📁'.repeat(BUCKET_LABEL_MAX));
    const buckets = bucketsWith('x'.repeat(BUCKET_LABEL_MAX + 1));
    expect(buckets[0]).toMatchObject({ name: 'desk-private', prefix: 'us-east-1:abc/' });
    expect(buckets[0]?.label).toBeUndefined();
  });

  it('drops a label that is not text, or nothing but spaces and controls', () => {
    for (const label of [42, { html: '<b>' }, ['a'], '', '   ', '\n\t\u0000']) expect(bucketsWith(label)[0]?.label).toBeUndefined();
  });

  it('turns control characters into spaces, so a label stays one line of words', () => {
    expect(bucketsWith('My\nfiles')[0]?.label).toBe('My files');
    expect(bucketsWith('\u0000Team\r\n\tlibrary\u0085\u007f')[0]?.label).toBe('Team library');
  });

  it('removes characters that could reorder or hide what the label shows', () => {
    expect(bucketsWith('My\u202Eselif\u202C files')[0]?.label).toBe('Myselif files');
    expect(bucketsWith('\uFEFFHome\u200B\u2066x\u2069\u200E')[0]?.label).toBe('Homex');
  });

  it('keeps zero-width joiners, which emoji and Persian words need', () => {
    expect(cleanBucketLabel('👩\u200D💻 Dev')).toBe('👩\u200D💻 Dev');
    expect(cleanBucketLabel('می\u200Cخواهم')).toBe('می\u200Cخواهم');
  });

  it('keeps markup as the characters it is: React shows it as text', () => {
    expect(bucketsWith('<img src=x onerror=alert(1)>')[0]?.label).toBe('<img src=x onerror=alert(1)>');
  });

  it('counts the limit after cleaning, so controls do not use it up', () => {
    expect(cleanBucketLabel(`${'x'.repeat(BUCKET_LABEL_MAX)}\u202E\u202E`)).toBe('x'.repeat(BUCKET_LABEL_MAX));
  });
});
