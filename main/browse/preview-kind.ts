import { contentTypeFor } from '../shared/content-type';

/** Which objects S3 Desk previews, and how: decided from the content type, else the name's extension. */
export type PreviewKind = { kind: 'image'; contentType: string } | { kind: 'text'; format: 'plain' | 'json' | 'csv' } | { kind: 'none' };

/** The image types Chromium draws in an <img>. */
const RENDERABLE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp', 'image/svg+xml', 'image/x-icon', 'image/vnd.microsoft.icon']);
const TEXT_EXTENSIONS = new Set([
  'txt', 'text', 'md', 'markdown', 'log', 'ini', 'cfg', 'conf', 'toml', 'yaml', 'yml', 'xml', 'html', 'htm', 'css',
  'js', 'mjs', 'cjs', 'ts', 'tsx', 'jsx', 'py', 'rb', 'go', 'rs', 'java', 'c', 'h', 'cpp', 'hpp', 'cs', 'sh', 'sql',
  'tsv', 'ndjson', 'jsonl', 'env', 'properties', 'gitignore', 'dockerfile',
]);
const BINARY_TYPES = new Set(['application/octet-stream', 'binary/octet-stream', '']);

export function previewKind(key: string, contentType: string | null): PreviewKind {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const name = key.slice(key.lastIndexOf('/') + 1).toLowerCase();
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;

  if (RENDERABLE_IMAGES.has(type)) return { kind: 'image', contentType: type };
  if (type === 'application/json' || type.endsWith('+json')) return { kind: 'text', format: 'json' };
  if (type === 'text/csv') return { kind: 'text', format: 'csv' };
  if (type.startsWith('text/') || type === 'application/xml' || type === 'application/yaml' || type === 'application/x-yaml') {
    return { kind: 'text', format: extension === 'json' ? 'json' : extension === 'csv' ? 'csv' : 'plain' };
  }
  // A content type that says what it is (a PDF, a zip) wins over the name; an unhelpful one defers to it.
  if (!BINARY_TYPES.has(type)) return { kind: 'none' };
  const byName = contentTypeFor(name);
  if (RENDERABLE_IMAGES.has(byName)) return { kind: 'image', contentType: byName };
  if (extension === 'json') return { kind: 'text', format: 'json' };
  if (extension === 'csv') return { kind: 'text', format: 'csv' };
  if (TEXT_EXTENSIONS.has(extension)) return { kind: 'text', format: 'plain' };
  return { kind: 'none' };
}
