import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../main/security/csp';
import { isSafeExternalUrl } from '../../main/security/external-url';
import { redactSecrets } from '../../main/shared/redact';

const directives = (csp: string) => new Map(csp.split('; ').map((part) => [part.split(' ')[0]!, part.split(' ').slice(1)]));

describe('contentSecurityPolicy', () => {
  it('packaged: self only, no inline script or eval, nothing embeddable', () => {
    const csp = directives(contentSecurityPolicy());
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    // Previews stream from main on the s3desk-preview: scheme; nothing else remote.
    expect(csp.get('connect-src')).toEqual(["'self'", 's3desk-preview:']);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 's3desk-preview:']);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-eval|\*/);
  });

  it('dev server: inline allowed for Vite, plus the HMR socket of that server only', () => {
    const csp = directives(contentSecurityPolicy({ devServerUrl: 'http://localhost:5173/' }));
    expect(csp.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get('connect-src')).toEqual(["'self'", 's3desk-preview:', 'ws://localhost:5173']);
  });
});

describe('isSafeExternalUrl', () => {
  it('only plain https links', () => {
    expect(isSafeExternalUrl('https://docs.aws.amazon.com/s3/')).toBe(true);
    for (const url of ['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@example.com', 'not a url', `https://example.com/${'a'.repeat(3000)}`]) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });
});

describe('redactSecrets', () => {
  it('removes JWTs, access keys and long opaque tokens, keeps ordinary words', () => {
    const text = 'token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln key ASIAIOSFODNN7EXAMPLE refresh Zx9_kP2mQw8rT4vY6uB1nH3jL5cF7dA0sE2gK4 ok';
    expect(redactSecrets(text)).toBe('token [redacted] key [redacted] refresh [redacted] ok');
  });
});
