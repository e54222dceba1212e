import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_ENTRY_URL, createAppFileHandler, filePathFor } from '../../main/app-scheme';

describe('the app:// scheme serving the built renderer', () => {
  let dir: string;
  let root: string;
  let handle: (request: Request) => Promise<Response>;
  const CSP = "default-src 'self'";

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 's3desk-app-scheme-'));
    root = join(dir, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>S3 Desk</title>');
    writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
    writeFileSync(join(root, 'assets', 'logo.svg'), '<svg/>');
    writeFileSync(join(root, 'assets', 'notes.md'), '# not a web asset');
    writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
    handle = createAppFileHandler({ root, csp: CSP });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

  it('serves index.html, scripts, styles and images with their MIME types and the CSP as a header', async () => {
    const page = await get(APP_ENTRY_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>S3 Desk</title>');
    expect((await get('app://s3desk/assets/index-abc.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('app://s3desk/assets/index-abc.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get('app://s3desk/assets/logo.svg')).headers.get('content-type')).toBe('image/svg+xml');
    expect((await get('app://s3desk/')).status).toBe(200);
  });

  it('answers HEAD without a body', async () => {
    const head = await get(APP_ENTRY_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('never leaves the renderer folder, however the path is spelled', async () => {
    for (const url of [
      'app://s3desk/../secret.txt',
      'app://s3desk/assets/%2e%2e/%2e%2e/secret.txt',
      'app://s3desk/%2e%2e%2fsecret.txt',
      'app://s3desk/assets/..%5c..%5csecret.txt',
      'app://s3desk/index.html%00.png',
      'app://s3desk/%E0%A4%A',
    ]) {
      expect((await get(url)).status, url).toBe(404);
    }
  });

  it('serves only its own host, and only web assets', async () => {
    expect((await get('app://elsewhere/index.html')).status).toBe(404);
    expect((await get('app://s3desk/assets/notes.md')).status).toBe(404);
    expect((await get('app://s3desk/missing.js')).status).toBe(404);
    expect((await get(APP_ENTRY_URL, 'POST')).status).toBe(405);
  });

  it('maps URLs to files inside the root only', () => {
    expect(filePathFor(root, 'app://s3desk/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(filePathFor(root, 'app://s3desk/')).toBe(join(root, 'index.html'));
    expect(filePathFor(root, 'file:///etc/passwd')).toBeNull();
    expect(filePathFor(root, 'app://s3desk//etc/passwd')).toBe(join(root, 'etc', 'passwd'));
    expect(filePathFor(root, 'not a url')).toBeNull();
  });
});
