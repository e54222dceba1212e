import type { SqlDatabase } from './store/sql';

export interface KnownAddressesOptions {
  /** How long after a successful login its address stays known. */
  rememberSeconds: number;
  now?: () => number;
}

const PRUNE_INTERVAL_MS = 60 * 1000;

/**
 * The client addresses each username signed in from lately. Attempts from
 * them skip the per-username slowdown, so a stranger failing on purpose from
 * elsewhere cannot make the owner wait at their usual desk; they stay bound
 * by the per-username-and-address limit.
 */
export class KnownAddresses {
  private readonly now: () => number;
  private lastPrune = 0;

  constructor(
    private readonly db: SqlDatabase,
    private readonly options: KnownAddressesOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async has(username: string, address: string): Promise<boolean> {
    const row = await this.db.get(
      'SELECT 1 AS known FROM login_known_addresses WHERE username = ? AND address = ? AND expires_at > ?',
      [username, address, this.now()],
    );
    return row !== undefined;
  }

  async remember(username: string, address: string): Promise<void> {
    await this.pruneOccasionally();
    await this.db.run(
      `INSERT INTO login_known_addresses (username, address, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (username, address) DO UPDATE SET expires_at = excluded.expires_at`,
      [username, address, this.now() + this.options.rememberSeconds * 1000],
    );
  }

  private async pruneOccasionally(): Promise<void> {
    const now = this.now();
    if (now - this.lastPrune < PRUNE_INTERVAL_MS) return;
    this.lastPrune = now;
    await this.db.run('DELETE FROM login_known_addresses WHERE expires_at <= ?', [now]);
  }
}
