// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { checkBackendUrl, displayHost } from '../../../../renderer/src/features/sign-in/backendUrl';

describe('checkBackendUrl', () => {
  it('accepts https URLs and drops a trailing slash', () => {
    expect(checkBackendUrl(' https://desk.example.com/ ')).toEqual({ ok: true, url: 'https://desk.example.com' });
    expect(checkBackendUrl('https://example.com/s3desk/')).toEqual({ ok: true, url: 'https://example.com/s3desk' });
  });

  it('turns a bare host into an https URL', () => {
    expect(checkBackendUrl('desk.example.com')).toEqual({ ok: true, url: 'https://desk.example.com' });
    expect(checkBackendUrl('desk.example.com:8443')).toEqual({ ok: true, url: 'https://desk.example.com:8443' });
  });

  it('allows plain http only for this computer', () => {
    expect(checkBackendUrl('http://localhost:8787')).toEqual({ ok: true, url: 'http://localhost:8787' });
    expect(checkBackendUrl('http://127.0.0.1:8787')).toEqual({ ok: true, url: 'http://127.0.0.1:8787' });
    expect(checkBackendUrl('http://[::1]:8787')).toEqual({ ok: true, url: 'http://[::1]:8787' });
    expect(checkBackendUrl('localhost:8787')).toEqual({ ok: true, url: 'http://localhost:8787' });
    const remote = checkBackendUrl('http://desk.example.com');
    expect(remote.ok).toBe(false);
    expect(!remote.ok && remote.message).toMatch(/https/);
  });

  it('rejects other schemes, spaces, credentials, queries and empty input with a reason', () => {
    for (const input of ['', 'ftp://desk.example.com', 'desk example.com', 'https://ann:pw@desk.example.com', 'https://desk.example.com/?a=1', 'not a url!']) {
      const result = checkBackendUrl(input);
      expect(result.ok, input).toBe(false);
      expect(!result.ok && result.message.length, input).toBeGreaterThan(0);
    }
  });

  it('shows a backend origin by its host', () => {
    expect(displayHost('https://desk.example.com')).toBe('desk.example.com');
    expect(displayHost('http://127.0.0.1:8787')).toBe('127.0.0.1:8787');
  });
});
