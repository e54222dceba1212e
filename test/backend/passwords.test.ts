import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT_PARAMS, dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from '../../backend/passwords';

describe('password hashing', () => {
  it("uses OWASP's scrypt parameters by default: N=2^17, r=8, p=1", () => {
    expect(DEFAULT_SCRYPT_PARAMS).toEqual({ N: 131_072, r: 8, p: 1, keyLength: 32, saltLength: 16 });
  });

  it('stores the algorithm and its parameters with a random salt', async () => {
    const hash = await hashPassword('correct horse battery staple');
    const { N, r, p } = DEFAULT_SCRYPT_PARAMS;
    expect(hash).toMatch(new RegExp(`^scrypt\\$${N}\\$${r}\\$${p}\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`));
    expect(hash).not.toContain('correct horse');
    const again = await hashPassword('correct horse battery staple');
    expect(again).not.toBe(hash);
  });

  it('accepts the right password and rejects others', async () => {
    const hash = await hashPassword('s3cret-Pässword');
    await expect(verifyPassword('s3cret-Pässword', hash)).resolves.toBe(true);
    await expect(verifyPassword('s3cret-Password', hash)).resolves.toBe(false);
    await expect(verifyPassword('s3cret-Pässword ', hash)).resolves.toBe(false);
    await expect(verifyPassword('', hash)).resolves.toBe(false);
  });

  it('treats composed and decomposed Unicode forms of a password as the same', async () => {
    const hash = await hashPassword('caf\u00e9');
    await expect(verifyPassword('cafe\u0301', hash)).resolves.toBe(true);
  });

  it('verifies hashes made with other parameters, since they are stored with the hash', async () => {
    const hash = await hashPassword('pw', { N: 1024, r: 4, p: 2, keyLength: 16, saltLength: 8 });
    expect(hash.startsWith('scrypt$1024$4$2$')).toBe(true);
    await expect(verifyPassword('pw', hash)).resolves.toBe(true);
    await expect(verifyPassword('pW', hash)).resolves.toBe(false);
  });

  it('says which stored hashes were made with other parameters than the current ones', async () => {
    const current = { N: 1024, r: 8, p: 1, keyLength: 32, saltLength: 16 };
    expect(needsRehash(await hashPassword('pw', current), current)).toBe(false);
    for (const older of [{ N: 512 }, { r: 4 }, { p: 2 }, { keyLength: 16 }, { saltLength: 8 }]) {
      expect(needsRehash(await hashPassword('pw', { ...current, ...older }), current)).toBe(true);
    }
    // Nothing to replace a hash with that can never verify.
    expect(needsRehash('bcrypt$2b$10$abcdefghijklmnopqrstuv', current)).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['another algorithm', 'bcrypt$2b$10$abcdefghijklmnopqrstuv'],
    ['N not a power of two', 'scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['N absurdly large', 'scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['missing hash', 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$'],
  ])('rejects (without throwing) a stored hash that is %s', async (_case, stored) => {
    await expect(verifyPassword('anything', stored)).resolves.toBe(false);
  });

  it('offers a dummy hash that matches no password but costs a real verification', async () => {
    const dummy = dummyPasswordHash();
    await expect(verifyPassword('', dummy)).resolves.toBe(false);
    const real = await hashPassword('pw');
    // CPU time, not wall time: what scrypt costs does not change when other processes keep the cores busy.
    const time = async (stored: string) => {
      const start = process.cpuUsage();
      await verifyPassword('pw', stored);
      const used = process.cpuUsage(start);
      return used.user + used.system;
    };
    await time(real); // warm-up
    const [realMs, dummyMs] = [await time(real), await time(dummy)];
    expect(dummyMs).toBeGreaterThan(realMs * 0.3);
  });
});
