import { memo } from 'react';
import { ArchiveFileIcon, CodeFileIcon, FileIcon, ImageFileIcon } from './Icons';

const IMAGE = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg', 'bmp', 'tif', 'tiff', 'heic', 'avif', 'ico']);
const ARCHIVE = new Set(['zip', 'gz', 'tgz', 'tar', 'bz2', 'xz', '7z', 'rar', 'zst']);
const CODE = new Set(['json', 'js', 'ts', 'tsx', 'jsx', 'py', 'rb', 'go', 'rs', 'java', 'c', 'h', 'cpp', 'sh', 'yaml', 'yml', 'xml', 'html', 'css', 'sql', 'toml']);

const GLYPHS = { image: ImageFileIcon, archive: ArchiveFileIcon, code: CodeFileIcon, file: FileIcon };
export type FileKind = keyof typeof GLYPHS;

/** What kind of file a name suggests, from its extension. */
export function fileKindOf(name: string): FileKind {
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (IMAGE.has(extension)) return 'image';
  if (ARCHIVE.has(extension)) return 'archive';
  if (CODE.has(extension)) return 'code';
  return 'file';
}

/**
 * The icon of one kind of file. Memoized by kind: a scrolling table gives a
 * row a new name every frame, and its icon's SVG is only redrawn when the
 * kind changes.
 */
const FileKindIcon = memo(function FileKindIcon({ kind, className }: { kind: FileKind; className?: string }) {
  const Glyph = GLYPHS[kind];
  return <Glyph className={className} />;
});

/** A file icon that hints at the kind of file, from its extension. */
export function FileTypeIcon({ name, className }: { name: string; className?: string }) {
  return <FileKindIcon kind={fileKindOf(name)} className={className} />;
}
