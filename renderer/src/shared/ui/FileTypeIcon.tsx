import { ArchiveFileIcon, CodeFileIcon, FileIcon, ImageFileIcon } from './Icons';

const IMAGE = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg', 'bmp', 'tif', 'tiff', 'heic', 'avif', 'ico']);
const ARCHIVE = new Set(['zip', 'gz', 'tgz', 'tar', 'bz2', 'xz', '7z', 'rar', 'zst']);
const CODE = new Set(['json', 'js', 'ts', 'tsx', 'jsx', 'py', 'rb', 'go', 'rs', 'java', 'c', 'h', 'cpp', 'sh', 'yaml', 'yml', 'xml', 'html', 'css', 'sql', 'toml']);

/** A file icon that hints at the kind of file, from its extension. */
export function FileTypeIcon({ name, className }: { name: string; className?: string }) {
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const Glyph = IMAGE.has(extension)
    ? ImageFileIcon
    : ARCHIVE.has(extension)
      ? ArchiveFileIcon
      : CODE.has(extension)
        ? CodeFileIcon
        : FileIcon;
  return <Glyph className={className} />;
}
