import type { KeychainStatus, SavedAccount } from '../../common/ipc';
import { ServiceError } from '../shared/errors';
import { parseBackendUrl } from './backend-url';
import {
  KeychainUnavailableError,
  decodeRemembered,
  encodeRemembered,
  secretAccount,
  type RememberedSession,
  type SecretStore,
} from './secret-store';

/**
 * The accounts remembered in the OS keychain: one entry per backend and
 * user, holding the IdentityId and the newest refresh token. The entry's
 * name says who and where, so listing accounts never reads a secret.
 * Operations on one account run one after another, so a refresh that saves
 * a rotated token and a "forget" cannot interleave and resurrect the entry.
 */
export class SavedAccounts {
  private readonly queues = new Map<string, Promise<unknown>>();
  private status: KeychainStatus = { available: true };

  constructor(private readonly secrets: SecretStore) {}

  /** What the last keychain operation taught us about the keychain. */
  keychain(): KeychainStatus {
    return this.status;
  }

  /** The saved accounts, sorted by host then user; empty (with keychain() explaining) when the keychain is unusable. */
  async list(): Promise<SavedAccount[]> {
    if (!this.secrets.list) return [];
    const names = await this.track(() => this.secrets.list!()).catch(() => [] as string[]);
    return names
      .map(accountFromId)
      .filter((account): account is SavedAccount => account !== null)
      .sort((a, b) => a.backendHost.localeCompare(b.backendHost) || a.username.localeCompare(b.username));
  }

  /** The remembered secret, or null when there is none (or it is not ours). Throws KeychainUnavailableError. */
  read(accountId: string): Promise<RememberedSession | null> {
    return this.serialize(accountId, async () => decodeRemembered(await this.track(() => this.secrets.get(accountId))));
  }

  /** Throws KeychainUnavailableError. */
  save(accountId: string, remembered: RememberedSession): Promise<void> {
    return this.serialize(accountId, () => this.track(() => this.secrets.set(accountId, encodeRemembered(remembered))));
  }

  /** Resolves false when there was nothing to delete. Throws KeychainUnavailableError. */
  delete(accountId: string): Promise<boolean> {
    return this.serialize(accountId, () => this.track(() => this.secrets.delete(accountId)));
  }

  private async track<T>(operation: () => Promise<T>): Promise<T> {
    try {
      const result = await operation();
      this.status = { available: true };
      return result;
    } catch (error) {
      if (error instanceof KeychainUnavailableError) this.status = { available: false, reason: error.reason };
      throw error;
    }
  }

  private serialize<T>(accountId: string, operation: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(accountId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(operation);
    this.queues.set(accountId, next);
    void next
      .catch(() => undefined)
      .then(() => {
        if (this.queues.get(accountId) === next) this.queues.delete(accountId);
      });
    return next;
  }
}

/** The keychain entry name for a backend address and user. */
export function accountId(backendUrl: string, username: string): string {
  return secretAccount(backendUrl, username);
}

/** The account an entry name stands for, or null when the name is not one of ours. */
export function accountFromId(id: string): SavedAccount | null {
  // A parsed backend URL never holds a raw '|' (URL parsing escapes it), so the first one separates the user.
  const separator = id.indexOf('|');
  if (separator <= 0 || separator === id.length - 1) return null;
  const backendUrl = id.slice(0, separator);
  const username = id.slice(separator + 1);
  try {
    const endpoint = parseBackendUrl(backendUrl);
    if (endpoint.baseUrl !== backendUrl) return null;
    return { id, backendUrl, backendHost: endpoint.host, username };
  } catch {
    return null;
  }
}

export function noSuchAccount(): ServiceError {
  return new ServiceError('no_such_account', 'That account is not saved on this computer any more.');
}

/** A keychain that cannot be used, as a sentence about what S3 Desk was doing; other errors pass through. */
export function keychainError(error: unknown, action: string): unknown {
  if (error instanceof KeychainUnavailableError) {
    return new ServiceError('keychain_unavailable', `S3 Desk could not ${action}: ${error.reason}`);
  }
  return error;
}
