import { z } from 'zod';
import { describeError, silentLogger, type Logger } from '../shared/logger';
import { keychainReason } from './keychain-reason';

/**
 * Where the refresh secret is remembered between runs. Keytar is one
 * implementation; Electron safeStorage or @napi-rs/keyring would be another
 * file implementing the same interface.
 */
export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  /** Resolves false when there was nothing to delete. */
  delete(account: string): Promise<boolean>;
  list?(): Promise<string[]>;
}

/** The OS keychain cannot be used right now; `reason` is a sentence for the UI. */
export class KeychainUnavailableError extends Error {
  override name = 'KeychainUnavailableError';

  constructor(readonly reason: string) {
    super(reason);
  }
}

export const SECRET_SERVICE_NAME = 'S3 Desk';

/**
 * One keychain entry per backend address and user, so several accounts can be
 * remembered side by side. `backendUrl` is the parsed base URL (origin plus
 * any path prefix), which never contains a raw '|'.
 */
export function secretAccount(backendUrl: string, username: string): string {
  return `${backendUrl}|${username}`;
}

const rememberedSchema = z.object({ identityId: z.string().min(1), refreshToken: z.string().min(1) });
export type RememberedSession = z.infer<typeof rememberedSchema>;

export function encodeRemembered(value: RememberedSession): string {
  return JSON.stringify({ identityId: value.identityId, refreshToken: value.refreshToken });
}

/** null for anything that is not what we wrote (another app's entry, an older format). */
export function decodeRemembered(text: string | null): RememberedSession | null {
  if (text === null) return null;
  try {
    const parsed = rememberedSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The part of the keytar module we use; passed in so tests and other runtimes can supply their own. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export interface KeytarSecretStoreOptions {
  service?: string;
  /**
   * A locked keyring can leave a call waiting on an unlock prompt nobody
   * answers; after this long the keychain counts as unavailable.
   */
  timeoutMs?: number;
  /** Where keytar's own (redacted) messages go; the window only ever sees our sentence. */
  logger?: Logger;
}

/**
 * The OS keychain through keytar (libsecret on Linux, Keychain on macOS,
 * Credential Vault on Windows). Every keytar failure becomes a
 * KeychainUnavailableError with a reason a person understands, so the app
 * carries on without remembering rather than crashing.
 */
export class KeytarSecretStore implements SecretStore {
  private readonly service: string;
  private readonly timeoutMs: number;
  private readonly logger: Logger;

  constructor(
    private readonly keytar: KeytarLike,
    options: KeytarSecretStoreOptions = {},
  ) {
    this.service = options.service ?? SECRET_SERVICE_NAME;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.logger = options.logger ?? silentLogger;
  }

  get(account: string): Promise<string | null> {
    return this.call(() => this.keytar.getPassword(this.service, account));
  }

  set(account: string, value: string): Promise<void> {
    return this.call(() => this.keytar.setPassword(this.service, account, value));
  }

  delete(account: string): Promise<boolean> {
    return this.call(() => this.keytar.deletePassword(this.service, account));
  }

  async list(): Promise<string[]> {
    const credentials = await this.call(() => this.keytar.findCredentials(this.service));
    return credentials.map((credential) => credential.account);
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new KeychainUnavailableError('The system keychain did not answer; it may be locked or waiting for a password prompt.')),
        this.timeoutMs,
      );
      timer.unref();
    });
    try {
      return await Promise.race([Promise.resolve().then(operation), timeout]);
    } catch (error) {
      if (error instanceof KeychainUnavailableError) throw error;
      this.logger.warn(`The system keychain failed: ${describeError(error)}`);
      throw new KeychainUnavailableError(keychainReason(error));
    } finally {
      clearTimeout(timer);
    }
  }
}
