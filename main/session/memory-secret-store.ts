import type { SecretStore } from './secret-store';

/** A SecretStore kept in memory: for tests and for harnesses that must not touch the real keychain. */
export class MemorySecretStore implements SecretStore {
  readonly entries = new Map<string, string>();

  async get(account: string): Promise<string | null> {
    return this.entries.get(account) ?? null;
  }

  async set(account: string, value: string): Promise<void> {
    this.entries.set(account, value);
  }

  async delete(account: string): Promise<boolean> {
    return this.entries.delete(account);
  }

  async list(): Promise<string[]> {
    return [...this.entries.keys()];
  }
}
