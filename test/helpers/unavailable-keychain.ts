import { KeychainUnavailableError, type SecretStore } from '../../main/session/secret-store';

/** A keychain that refuses everything, as a missing Secret Service or a locked keyring does. */
export class UnavailableKeychain implements SecretStore {
  static readonly REASON = 'No keychain service (such as GNOME Keyring or KWallet) is running, so S3 Desk cannot remember your sign-in.';

  private fail(): never {
    throw new KeychainUnavailableError(UnavailableKeychain.REASON);
  }
  async get(): Promise<string | null> {
    this.fail();
  }
  async set(): Promise<void> {
    this.fail();
  }
  async delete(): Promise<boolean> {
    this.fail();
  }
  async list(): Promise<string[]> {
    this.fail();
  }
}
