/**
 * Folder prefixes: '' is the bucket root, anything else ends in '/'.
 * Keys may contain empty segments ("a//b"), so nothing here collapses slashes.
 */

/** A start prefix as a folder: '' stays '', "home/ann" becomes "home/ann/". */
export function asFolderPrefix(prefix: string): string {
  if (prefix === '' || prefix.endsWith('/')) return prefix;
  return `${prefix}/`;
}

/** The folder that contains `prefix`: "a/b/" → "a/", "a/" → "". */
export function parentPrefix(prefix: string): string {
  if (prefix === '') return '';
  const withoutSlash = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  const cut = withoutSlash.lastIndexOf('/');
  return cut === -1 ? '' : withoutSlash.slice(0, cut + 1);
}

/** Whether `prefix` is the start prefix itself or a folder inside it. */
export function isWithin(prefix: string, startPrefix: string): boolean {
  return prefix.startsWith(startPrefix);
}

/** Whether going up from `prefix` stays inside the user's start prefix. */
export function canGoUp(prefix: string, startPrefix: string): boolean {
  return prefix !== startPrefix && isWithin(parentPrefix(prefix), startPrefix);
}

/** The last segment of a folder prefix, for display: "a/b/" → "b". */
export function folderName(prefix: string): string {
  const withoutSlash = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return withoutSlash.slice(withoutSlash.lastIndexOf('/') + 1);
}
