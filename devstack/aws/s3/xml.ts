import { XMLParser } from 'fast-xml-parser';

// XML 1.0 cannot carry most control characters even escaped; S3 answers
// with encoding-type=url for such keys, and so do we when asked.
const NEEDS_ESCAPE = /[&<>"'\r]/;

export function escapeXml(text: string): string {
  // Most text has nothing to escape; a listing escapes thousands of keys a page.
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/[&<>"'\r]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        return '&#13;';
    }
  });
}

export function element(name: string, value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') return `<${name}>${value}</${name}>`;
  return `<${name}>${escapeXml(value)}</${name}>`;
}

export function xmlDocument(rootName: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${rootName} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${body}</${rootName}>`;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * XML's five named entities and numeric character references, in one pass (so
 * `&amp;#34;` stays the text `&#34;`). fast-xml-parser alone leaves `&#34;` as
 * is, but Go's encoding/xml — rclone, for one — writes every quote in an ETag
 * that way, and S3 reads it as a quote.
 */
export function decodeXmlText(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#x[0-9a-fA-F]{1,6}|#[0-9]{1,7});/g, (reference, name: string) => {
    if (name[0] !== '#') return NAMED_ENTITIES[name]!;
    const codePoint = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : reference;
  });
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: false,
  tagValueProcessor: (_name, value) => decodeXmlText(value),
  isArray: (name) => name === 'Part' || name === 'Object',
});

export function parseXml(text: string): Record<string, unknown> {
  return parser.parse(text) as Record<string, unknown>;
}
