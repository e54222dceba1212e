import { describe, expect, it } from 'vitest';
import { builtInFeedUrl } from '../../../main/updates/built-in-feed';

const reading = (text: string) => () => text;

describe('builtInFeedUrl (resources/app-update.yml)', () => {
  it('is the url electron-builder wrote from the publish block', () => {
    const yml = 'provider: generic\nurl: https://github.com/example/s3desk/releases/latest/download\nupdaterCacheDirName: s3-desk-updater\n';
    expect(builtInFeedUrl('app-update.yml', reading(yml))).toBe('https://github.com/example/s3desk/releases/latest/download');
    expect(builtInFeedUrl('app-update.yml', reading("provider: generic\nurl: 'https://updates.example.com/s3desk/'\n"))).toBe('https://updates.example.com/s3desk/');
  });

  it('a build without a feed (the .invalid placeholder), a missing file or no url: no feed', () => {
    expect(builtInFeedUrl('app-update.yml', reading('provider: generic\nurl: https://update-feed-not-configured.invalid/\n'))).toBeNull();
    expect(builtInFeedUrl('app-update.yml', () => {
      throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    })).toBeNull();
    expect(builtInFeedUrl('app-update.yml', reading('provider: generic\n'))).toBeNull();
    expect(builtInFeedUrl('app-update.yml', reading('url: not a url\n'))).toBeNull();
  });
});
