import { describe, expect, it } from 'vitest';
import { decodeXmlText, parseXml } from '../../devstack/aws/s3/xml';

describe("the emulator's XML reading", () => {
  it('decodes numeric character references, as Go clients (rclone) write the quotes of an ETag', () => {
    const body = '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&#34;5d41402abc4b2a76b9719d911017c592&#34;</ETag></Part></CompleteMultipartUpload>';
    expect(parseXml(body)).toEqual({
      CompleteMultipartUpload: { Part: [{ PartNumber: '1', ETag: '"5d41402abc4b2a76b9719d911017c592"' }] },
    });
  });

  it('decodes in one pass, so an escaped ampersand stays the text it stands for', () => {
    expect(decodeXmlText('&amp;#34;')).toBe('&#34;');
    expect(decodeXmlText('&lt;&gt;&quot;&apos;&amp;amp;')).toBe('<>"\'&amp;');
    expect(decodeXmlText('&#x1F600;&#60;')).toBe('😀<');
  });

  it('leaves what is not an XML reference alone', () => {
    expect(decodeXmlText('&nbsp; &#x110000; & plain')).toBe('&nbsp; &#x110000; & plain');
  });
});
