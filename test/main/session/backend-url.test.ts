import { describe, expect, it } from 'vitest';
import { isLoopbackHost, parseBackendUrl } from '../../../main/session/backend-url';
import { ServiceError } from '../../../main/shared/errors';

function rejection(input: string): ServiceError {
  try {
    parseBackendUrl(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    return error as ServiceError;
  }
  throw new Error(`${input} was accepted`);
}

describe('parseBackendUrl: what a person may type as the backend address', () => {
  it('assumes https for a bare host and trims spaces', () => {
    expect(parseBackendUrl('  desk.example.com  ')).toEqual({ origin: 'https://desk.example.com', baseUrl: 'https://desk.example.com', host: 'desk.example.com' });
    expect(parseBackendUrl('desk.example.com:8443')).toEqual({ origin: 'https://desk.example.com:8443', baseUrl: 'https://desk.example.com:8443', host: 'desk.example.com:8443' });
  });

  it('keeps a path prefix, without a trailing slash', () => {
    expect(parseBackendUrl('https://example.com/s3desk/')).toEqual({ origin: 'https://example.com', baseUrl: 'https://example.com/s3desk', host: 'example.com' });
  });

  it('allows plain http only for this computer (127.0.0.0/8, ::1, localhost)', () => {
    expect(parseBackendUrl('http://127.0.0.1:8787').baseUrl).toBe('http://127.0.0.1:8787');
    expect(parseBackendUrl('http://127.10.20.30:8787').origin).toBe('http://127.10.20.30:8787');
    expect(parseBackendUrl('http://localhost:8787').origin).toBe('http://localhost:8787');
    expect(parseBackendUrl('http://[::1]:8787').origin).toBe('http://[::1]:8787');
    expect(rejection('http://example.com').code).toBe('invalid_backend_url');
    expect(rejection('http://example.com').message).toMatch(/https:\/\//);
    expect(rejection('http://localhost.example.com').code).toBe('invalid_backend_url');
    expect(rejection('http://10.0.0.1').code).toBe('invalid_backend_url');
    expect(rejection('http://128.0.0.1').code).toBe('invalid_backend_url');
  });

  it('refuses credentials in the URL without repeating them', () => {
    const error = rejection('https://alice:hunter2@example.com');
    expect(error.code).toBe('invalid_backend_url');
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses other schemes, empty input, queries and junk', () => {
    for (const input of ['ftp://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'ws://127.0.0.1', '', '   ', 'https://exa mple.com', 'https://example.com/?x=1', 'https://']) {
      expect(rejection(input).code, input).toBe('invalid_backend_url');
    }
  });

  it('knows which hosts are loopback', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
    expect(isLoopbackHost('127.0.0.1.nip.io')).toBe(false);
    expect(isLoopbackHost('::2')).toBe(false);
  });

  it('sees through the other spellings of this computer (what a packaged build refuses to sign in to)', () => {
    const hostOf = (address: string) => new URL(address).hostname;
    for (const address of ['https://127.1', 'https://0x7f.1', 'https://2130706433', 'https://[::ffff:127.0.0.1]', 'https://[0:0:0:0:0:ffff:7f00:1]', 'https://[::]', 'https://0.0.0.0', 'https://desk.localhost', 'https://localhost.']) {
      expect(isLoopbackHost(hostOf(address)), address).toBe(true);
    }
    for (const address of ['https://[::ffff:10.0.0.1]', 'https://[::ffff:0:7f00:1]', 'https://[1::1]', 'https://10.0.0.1', 'https://localhost.example.com', 'https://1.0.0.127']) {
      expect(isLoopbackHost(hostOf(address)), address).toBe(false);
    }
  });
});
