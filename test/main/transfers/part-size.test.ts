import { describe, expect, it } from 'vitest';
import { MAX_OBJECT_BYTES, MAX_PARTS, MAX_PART_BYTES, partSizeFor } from '../../../main/transfers/part-size';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
const PREFERRED = 8 * MIB;

describe('partSizeFor: every object S3 accepts fits in 10,000 parts', () => {
  it('keeps the preferred 8 MiB while the file fits in 10,000 of them (up to ~78 GiB)', () => {
    expect(partSizeFor(0, PREFERRED)).toBe(PREFERRED);
    expect(partSizeFor(100 * MIB, PREFERRED)).toBe(PREFERRED);
    expect(partSizeFor(MAX_PARTS * PREFERRED, PREFERRED)).toBe(PREFERRED);
  });

  it('grows in whole MiB past that, so the part count never exceeds 10,000', () => {
    for (const size of [MAX_PARTS * PREFERRED + 1, 100 * GIB, 1024 * GIB, 4.5 * 1024 * GIB, MAX_OBJECT_BYTES]) {
      const part = partSizeFor(size, PREFERRED);
      expect(part % MIB, `${size}`).toBe(0);
      expect(Math.ceil(size / part), `${size}`).toBeLessThanOrEqual(MAX_PARTS);
      expect(part).toBeLessThanOrEqual(MAX_PART_BYTES);
      // The smallest such size: one MiB less would need more than 10,000 parts.
      expect(Math.ceil(size / (part - MIB)), `${size}`).toBeGreaterThan(MAX_PARTS);
    }
    expect(partSizeFor(MAX_OBJECT_BYTES, PREFERRED)).toBe(525 * MIB);
  });

  it('refuses a file over 5 TiB before anything is sent, in plain words', () => {
    expect(() => partSizeFor(MAX_OBJECT_BYTES + 1, PREFERRED)).toThrow(/larger than 5 TiB/);
  });
});
