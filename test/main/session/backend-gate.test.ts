import { describe, expect, it } from 'vitest';
import { BackendGate } from '../../../main/session/backend-gate';
import { parseBackendUrl } from '../../../main/session/backend-url';
import { NO_POLICY, type PolicyReading } from '../../../main/session/policy';

const reading = (policy: Partial<PolicyReading['policy']>, problem: string | null = null): PolicyReading => ({
  policy: { ...NO_POLICY, ...policy },
  source: '/etc/s3desk/policy.json',
  problem,
});

describe('BackendGate', () => {
  it('without a policy: the last address used pre-fills, any valid backend may be signed in to', () => {
    const gate = new BackendGate();
    expect(gate.prefill('https://desk.example.com')).toBe('https://desk.example.com');
    expect(() => gate.assertAllowed(parseBackendUrl('https://other.example.com'))).not.toThrow();
    expect(gate.view()).toEqual({ backendUrl: null, backendUrlLocked: false, problem: null });
  });

  it("policy > the user's last address: the policy's address pre-fills, but others stay allowed unless locked", () => {
    const gate = new BackendGate(reading({ backendUrl: 'https://desk.example.com' }));
    expect(gate.prefill('https://old.example.com')).toBe('https://desk.example.com');
    expect(() => gate.assertAllowed(parseBackendUrl('https://other.example.com'))).not.toThrow();
    expect(gate.view()).toEqual({ backendUrl: 'https://desk.example.com', backendUrlLocked: false, problem: null });
  });

  it('locked: only the policy’s backend, however it is typed, and a plain sentence for any other', () => {
    const gate = new BackendGate(reading({ backendUrl: 'https://desk.example.com/s3desk', lockBackendUrl: true }));
    expect(() => gate.assertAllowed(parseBackendUrl('desk.example.com/s3desk/'))).not.toThrow();
    let refusal: unknown;
    try {
      gate.assertAllowed(parseBackendUrl('https://attacker.example.com'));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: 'invalid_backend_url', message: 'Your organisation’s policy only allows signing in to https://desk.example.com/s3desk.' });
    expect(gate.view().backendUrlLocked).toBe(true);
  });

  it('outside development, refuses this computer (however it is spelled) with a plain sentence, unless the policy put the backend there', () => {
    const packaged = new BackendGate(undefined, { allowLoopback: false });
    for (const address of ['http://127.0.0.1:8787', 'https://localhost:22', 'https://[::1]:631', 'https://127.1:6379', 'https://[::ffff:7f00:1]:9200']) {
      expect(() => packaged.assertAllowed(parseBackendUrl(address)), address).toThrow(
        expect.objectContaining({ code: 'invalid_backend_url', message: expect.stringMatching(/^S3 Desk signs in only to your organisation’s server, not to an address on this computer/) }),
      );
    }
    expect(() => packaged.assertAllowed(parseBackendUrl('https://desk.example.com'))).not.toThrow();
    // Development (the default) allows the local stack.
    expect(() => new BackendGate().assertAllowed(parseBackendUrl('http://127.0.0.1:8787'))).not.toThrow();

    const byPolicy = new BackendGate(reading({ backendUrl: 'http://127.0.0.1:8787/s3desk' }), { allowLoopback: false });
    expect(() => byPolicy.assertAllowed(parseBackendUrl('http://127.0.0.1:8787/s3desk'))).not.toThrow();
    // Only that server: the policy does not open the computer's other ports.
    expect(() => byPolicy.assertAllowed(parseBackendUrl('http://127.0.0.1:8788'))).toThrow(expect.objectContaining({ code: 'invalid_backend_url' }));
  });

  it('an ignored policy shows why, and changes nothing else', () => {
    const gate = new BackendGate(reading({}, 'Your organisation’s S3 Desk policy (/etc/s3desk/policy.json) was ignored because it is not valid JSON.'));
    expect(gate.prefill('https://desk.example.com')).toBe('https://desk.example.com');
    expect(gate.view().problem).toMatch(/was ignored because it is not valid JSON/);
  });
});
