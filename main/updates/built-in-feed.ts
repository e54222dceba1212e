import { readFileSync } from 'node:fs';

/**
 * The feed this release was built with: electron-builder writes the publish
 * block's url into resources/app-update.yml (the release workflow sets it).
 * A build made without one carries a `.invalid` placeholder, which reads as
 * no feed, so such a build says plainly that it does not update itself.
 */
export function builtInFeedUrl(appUpdateYmlPath: string, read: (path: string) => string = (path) => readFileSync(path, 'utf8')): string | null {
  let text: string;
  try {
    text = read(appUpdateYmlPath);
  } catch {
    return null;
  }
  const match = /^url:\s*['"]?([^'"\s]+)['"]?\s*$/m.exec(text);
  if (!match || !URL.canParse(match[1]!)) return null;
  const url = new URL(match[1]!);
  return url.hostname.endsWith('.invalid') ? null : url.toString();
}
