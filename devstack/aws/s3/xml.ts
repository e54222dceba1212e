import { XMLParser } from 'fast-xml-parser';

// XML 1.0 cannot carry most control characters even escaped; S3 answers
// with encoding-type=url for such keys, and so do we when asked.
export function escapeXml(text: string): string {
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
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function xmlDocument(rootName: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${rootName} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${body}</${rootName}>`;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => name === 'Part' || name === 'Object',
});

export function parseXml(text: string): Record<string, unknown> {
  return parser.parse(text) as Record<string, unknown>;
}
