import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../../../renderer/src/features/browser/details/csv';

describe('CSV previews', () => {
  it('reads quoted fields, escaped quotes and newlines inside quotes', () => {
    expect(parseCsv('name,note\n"Smith, Ann","said ""hi""\nthen left"\nBob,ok\n')).toEqual([
      ['name', 'note'],
      ['Smith, Ann', 'said "hi"\nthen left'],
      ['Bob', 'ok'],
    ]);
  });

  it('drops a last line cut off by truncation, and stops at maxRows', () => {
    expect(parseCsv('a,b\n1,2\n3,', { complete: false })).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('a\n1\n2\n3\n', { maxRows: 2 })).toEqual([['a'], ['1']]);
  });

  it('recognises semicolon-separated files', () => {
    expect(parseCsv('a;b\n1;2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});
