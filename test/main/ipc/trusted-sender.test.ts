import { describe, expect, it } from 'vitest';
import { createAppUrlMatcher } from '../../../main/ipc/trusted-sender';

describe('createAppUrlMatcher', () => {
  it('packaged: our app://s3desk/ origin, and nothing on file:// at all', () => {
    const isApp = createAppUrlMatcher({ kind: 'app-scheme', root: '/opt/S3 Desk/resources/app.asar/out/renderer' });
    expect(isApp('app://s3desk/index.html')).toBe(true);
    expect(isApp('app://s3desk/index.html#/browse')).toBe(true);
    expect(isApp('app://elsewhere/index.html')).toBe(false);
    expect(isApp('app://s3desk.evil.example/index.html')).toBe(false);
    expect(isApp('file:///opt/S3%20Desk/resources/app.asar/out/renderer/index.html')).toBe(false);
    expect(isApp('file:///home/user/Downloads/evil.html')).toBe(false);
    expect(isApp('s3desk-preview://preview/abc')).toBe(false);
    expect(isApp('http://localhost:5173/')).toBe(false);
    expect(isApp('not a url')).toBe(false);
  });

  it('development: the dev server origin only', () => {
    const isApp = createAppUrlMatcher({ kind: 'dev-server', url: 'http://localhost:5173' });
    expect(isApp('http://localhost:5173/index.html?x=1')).toBe(true);
    expect(isApp('http://127.0.0.1:5173/')).toBe(false);
    expect(isApp('https://localhost:5173/')).toBe(false);
  });
});
