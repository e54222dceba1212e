import { describe, expect, it } from 'vitest';
import { NO_POLICY, policyPath, readPolicy } from '../../../main/session/policy';

const PATH = '/etc/s3desk/policy.json';
const fileWith = (text: string) => async () => Buffer.from(text);
const failing = (code: string) => async () => Promise.reject(Object.assign(new Error(code), { code }));

describe('policyPath', () => {
  it("is the platform's system-wide, administrator-only location", () => {
    expect(policyPath('linux', {})).toBe('/etc/s3desk/policy.json');
    expect(policyPath('darwin', {})).toBe('/Library/Application Support/S3 Desk/policy.json');
    expect(policyPath('win32', { ProgramData: 'D:\\ProgramData' })).toBe('D:\\ProgramData\\S3 Desk\\policy.json');
    expect(policyPath('win32', {})).toBe('C:\\ProgramData\\S3 Desk\\policy.json');
  });
});

describe('readPolicy', () => {
  it('no file: no policy and nothing to report', async () => {
    expect(await readPolicy(PATH, failing('ENOENT'))).toEqual({ policy: NO_POLICY, source: null, problem: null });
  });

  it('applies every field of a valid policy, the backend address normalised as if typed', async () => {
    const text = JSON.stringify({
      backendUrl: 'desk.example.com/s3desk/',
      lockBackendUrl: true,
      updateFeedUrl: 'https://updates.example.com/s3desk/',
      disableUpdates: false,
      allowDevTools: true,
    });
    expect(await readPolicy(PATH, fileWith(text))).toEqual({
      policy: {
        backendUrl: 'https://desk.example.com/s3desk',
        lockBackendUrl: true,
        updateFeedUrl: 'https://updates.example.com/s3desk/',
        disableUpdates: false,
        allowDevTools: true,
      },
      source: PATH,
      problem: null,
    });
  });

  it('fields left out keep their defaults', async () => {
    expect((await readPolicy(PATH, fileWith('{"disableUpdates": true}'))).policy).toEqual({ ...NO_POLICY, disableUpdates: true });
  });

  const broken: Array<[string, string, RegExp]> = [
    ['not JSON', '{ backendUrl: ', /not valid JSON/],
    ['an unknown field (a typo must not pass silently)', '{"alowDevTools": true}', /alowDevTools|Unrecognized/i],
    ['a field of the wrong type', '{"allowDevTools": "yes"}', /allowDevTools/],
    ['plain http for the update feed', '{"updateFeedUrl": "http://updates.example.com/"}', /updateFeedUrl must be an https:\/\/ address/],
    ['plain http for a remote backend', '{"backendUrl": "http://desk.example.com"}', /backendUrl is not usable: .*https/],
    ['a lock with nothing to lock to', '{"lockBackendUrl": true}', /lockBackendUrl needs a backendUrl/],
    ['an array instead of an object', '[]', /expected object/i],
  ];

  it.each(broken)('%s: reported and ignored as a whole, never half-applied', async (_what, text, why) => {
    const reading = await readPolicy(PATH, fileWith(text));
    expect(reading.policy).toEqual(NO_POLICY);
    expect(reading.source).toBe(PATH);
    expect(reading.problem).toMatch(why);
    expect(reading.problem).toContain(PATH);
  });

  it('a valid field beside a broken one does not apply either', async () => {
    const reading = await readPolicy(PATH, fileWith('{"backendUrl": "https://desk.example.com", "updateFeedUrl": "ftp://x"}'));
    expect(reading.policy.backendUrl).toBeNull();
    expect(reading.problem).toMatch(/updateFeedUrl/);
  });

  it('an unreadable file is reported with why, not a crash', async () => {
    const reading = await readPolicy(PATH, failing('EACCES'));
    expect(reading).toMatchObject({ policy: NO_POLICY, source: PATH, problem: expect.stringMatching(/could not be read \(EACCES\)/) });
  });

  it('a huge file is not read as a policy', async () => {
    const reading = await readPolicy(PATH, fileWith(`{"backendUrl": "https://desk.example.com", "x": "${'a'.repeat(70_000)}"}`));
    expect(reading.policy).toEqual(NO_POLICY);
    expect(reading.problem).toMatch(/larger than 64 KiB/);
  });
});
