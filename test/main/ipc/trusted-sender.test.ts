import { describe, expect, it } from 'vitest';
import { createAppUrlMatcher } from '../../../main/ipc/trusted-sender';

describe('createAppUrlMatcher', () => {
  it('packaged: only our own index.html on file://', () => {
    const isApp = createAppUrlMatcher({ kind: 'file', path: '/opt/S3 Desk/resources/app.asar/out/renderer/index.html' });
    expect(isApp('file:///opt/S3%20Desk/resources/app.asar/out/renderer/index.html')).toBe(true);
    expect(isApp('file:///opt/S3%20Desk/resources/app.asar/out/renderer/index.html#/browse')).toBe(true);
    expect(isApp('file:///opt/S3%20Desk/resources/app.asar/out/renderer/other.html')).toBe(false);
    expect(isApp('file:///home/user/Downloads/evil.html')).toBe(false);
    expect(isApp('file://remote-host/opt/S3%20Desk/resources/app.asar/out/renderer/index.html')).toBe(false);
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
