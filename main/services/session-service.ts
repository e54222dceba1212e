import type { BucketEntry, SessionState } from '../../common/ipc-contract';
import type { BackendSession } from './backend-session';
import { parseBackendUrl, type BackendEndpoint } from './backend-url';
import { ServiceError, isServiceError, notSignedIn } from './errors';
import { describeError, silentLogger, type Logger } from './logger';
import { KeychainUnavailableError, encodeRemembered, secretAccount, type SecretStore } from './secret-store';
import type { Settings } from './settings-store';

/** The backend calls the session needs (BackendClient implements them). */
export interface SessionBackend {
  login(endpoint: BackendEndpoint, username: string, password: string): Promise<BackendSession>;
  refresh(endpoint: BackendEndpoint, refreshToken: string): Promise<BackendSession>;
  logout(endpoint: BackendEndpoint, refreshToken: string): Promise<void>;
}

export interface SettingsPersistence {
  load(): Promise<Settings>;
  save(settings: Settings): Promise<void>;
}

export interface SessionServiceOptions {
  backend: SessionBackend;
  secrets: SecretStore;
  settings?: SettingsPersistence;
  /** Milliseconds since the epoch; injectable so tests control expiry. */
  clock?: () => number;
  logger?: Logger;
  /** Suggested backend address for the sign-in form when none was used before (S3DESK_BACKEND_URL). */
  suggestedBackendUrl?: string | null;
  /** Refresh the OpenID token when it expires within this many ms (default 60 s). */
  refreshMarginMs?: number;
}

/** What the AWS side needs to know about the signed-in session: no secrets. */
export interface ActiveSessionInfo {
  /** Changes with every sign-in, so per-session resources (S3 clients) can tell sessions apart. */
  id: number;
  identityId: string;
  region: string;
  username: string;
  buckets: Array<{ name: string; prefix: string }>;
}

export type SessionListener = (state: SessionState) => void;

interface ActiveSession {
  id: number;
  endpoint: BackendEndpoint;
  account: string;
  /** Holds the OpenID token and refresh token: main-process memory only. */
  secrets: BackendSession;
  tokenExpiresAtMs: number;
  remembered: boolean;
  rememberError: string | null;
}

const DEFAULT_REFRESH_MARGIN_MS = 60_000;
/** When a refresh fails for a passing reason, a token valid this much longer is still worth using. */
const STILL_USABLE_MS = 5_000;

/**
 * The signed-in session: keeps the backend's Session in memory, remembers
 * identityId + refresh token in the SecretStore, refreshes the OpenID token
 * before it expires (one refresh at a time), and reports SessionState —
 * who, where and until when, never a token.
 */
export class SessionService {
  private readonly backend: SessionBackend;
  private readonly secrets: SecretStore;
  private readonly settingsStore: SettingsPersistence | null;
  private readonly clock: () => number;
  private readonly logger: Logger;
  private readonly refreshMarginMs: number;
  private readonly listeners = new Set<SessionListener>();

  private settings: Settings;
  private active: ActiveSession | null = null;
  private endReason: string | null = null;
  private nextId = 1;
  private refreshing: { sessionId: number; promise: Promise<string> } | null = null;

  constructor(options: SessionServiceOptions) {
    this.backend = options.backend;
    this.secrets = options.secrets;
    this.settingsStore = options.settings ?? null;
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.refreshMarginMs = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
    this.settings = { lastBackendUrl: options.suggestedBackendUrl ?? null, lastUsername: null };
  }

  /** Loads the last backend and username, so the first state already pre-fills the form. */
  async init(): Promise<void> {
    if (!this.settingsStore) return;
    const stored = await this.settingsStore.load();
    this.settings = {
      lastBackendUrl: stored.lastBackendUrl ?? this.settings.lastBackendUrl,
      lastUsername: stored.lastUsername,
    };
  }

  getState(): SessionState {
    const active = this.active;
    if (!active) {
      return { status: 'signed-out', lastBackendUrl: this.settings.lastBackendUrl, lastUsername: this.settings.lastUsername, reason: this.endReason };
    }
    return {
      status: 'signed-in',
      username: active.secrets.username,
      backendOrigin: active.endpoint.origin,
      identityId: active.secrets.identityId,
      region: regionOf(active.secrets),
      tokenExpiresAt: new Date(active.tokenExpiresAtMs).toISOString(),
      remembered: active.remembered,
      rememberError: active.rememberError,
    };
  }

  /** The session as the AWS side needs it, or null when signed out. */
  activeSession(): ActiveSessionInfo | null {
    const active = this.active;
    if (!active) return null;
    return {
      id: active.id,
      identityId: active.secrets.identityId,
      region: regionOf(active.secrets),
      username: active.secrets.username,
      buckets: active.secrets.buckets.map((bucket) => ({ ...bucket })),
    };
  }

  /** The buckets the backend granted, as the contract's entries. */
  sessionBuckets(): BucketEntry[] {
    return (this.active?.secrets.buckets ?? []).map((bucket) => ({ name: bucket.name, prefix: bucket.prefix, source: 'session' }));
  }

  onStateChanged(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async signIn(backendUrl: string, username: string, password: string): Promise<SessionState> {
    const endpoint = parseBackendUrl(backendUrl);
    const secrets = await this.backend.login(endpoint, username.trim(), password);
    const active: ActiveSession = {
      id: this.nextId++,
      endpoint,
      account: secretAccount(endpoint.origin, secrets.username),
      secrets,
      tokenExpiresAtMs: expiryOf(secrets),
      remembered: false,
      rememberError: null,
    };
    const previous = this.active;
    this.active = active;
    this.endReason = null;
    this.refreshing = null;
    if (previous) await this.retire(previous, { forgetEntry: previous.account !== active.account, logout: true });

    await this.remember(active);
    this.settings = { lastBackendUrl: endpoint.baseUrl, lastUsername: secrets.username };
    await this.saveSettings();
    if (this.active === active) this.emit();
    return this.getState();
  }

  /** Ends the session by the user's choice: revokes it at the backend (best effort) and forgets the keychain entry. */
  async signOut(): Promise<SessionState> {
    await this.end(null, { logout: true });
    return this.getState();
  }

  /**
   * The current OpenID token for GetCredentialsForIdentity, refreshed through
   * the backend when it expires within the margin. Concurrent callers share
   * one refresh: the backend rotates refresh tokens and treats re-use as theft.
   */
  async freshToken(): Promise<string> {
    const active = this.active;
    if (!active) throw notSignedIn();
    if (active.tokenExpiresAtMs - this.clock() > this.refreshMarginMs) return active.secrets.token;
    if (this.refreshing?.sessionId !== active.id) {
      const promise = this.refresh(active).finally(() => {
        if (this.refreshing?.promise === promise) this.refreshing = null;
      });
      this.refreshing = { sessionId: active.id, promise };
    }
    return this.refreshing.promise;
  }

  private async refresh(active: ActiveSession): Promise<string> {
    let next: BackendSession;
    try {
      next = await this.backend.refresh(active.endpoint, active.secrets.refreshToken);
    } catch (error) {
      if (isServiceError(error) && error.code === 'session_expired') {
        // The backend will not refresh this session again; signing out now beats failing every later call.
        if (this.active === active) await this.end(error.message, { logout: false });
        throw error;
      }
      // A passing failure (network, 503): a token that is still valid keeps the app working meanwhile.
      if (this.active === active && active.tokenExpiresAtMs - this.clock() > STILL_USABLE_MS) {
        this.logger.warn(`Token refresh failed; using the current token until it expires: ${describeError(error)}`);
        return active.secrets.token;
      }
      throw error;
    }

    if (this.active !== active) {
      // Signed out (or in again) while refreshing: revoke what the refresh just issued.
      this.backend.logout(active.endpoint, next.refreshToken).catch((error: unknown) => this.logger.warn(`Logout after a discarded refresh failed: ${describeError(error)}`));
      throw notSignedIn();
    }
    if (next.identityId !== active.secrets.identityId) {
      await this.end('The backend answered with a different identity; sign in again.', { logout: false });
      this.backend.logout(active.endpoint, next.refreshToken).catch(() => {});
      throw new ServiceError('session_expired', 'The backend answered with a different identity; sign in again.');
    }

    active.secrets = next;
    active.tokenExpiresAtMs = expiryOf(next);
    await this.remember(active);
    if (this.active === active) this.emit();
    return next.token;
  }

  /** Saves identityId + the current refresh token; a keychain failure only costs "remember me". */
  private async remember(active: ActiveSession): Promise<void> {
    try {
      await this.secrets.set(active.account, encodeRemembered({ identityId: active.secrets.identityId, refreshToken: active.secrets.refreshToken }));
      active.remembered = true;
      active.rememberError = null;
    } catch (error) {
      active.remembered = false;
      active.rememberError =
        error instanceof KeychainUnavailableError ? error.reason : 'S3 Desk could not save your sign-in to the system keychain.';
      this.logger.warn(`Could not remember the session in the keychain: ${describeError(error)}`);
      // An older entry now holds a rotated refresh token; presenting it later would look like theft
      // to the backend and revoke the whole sign-in, so it must not stay behind.
      await this.secrets.delete(active.account).catch(() => false);
    }
  }

  private async end(reason: string | null, options: { logout: boolean }): Promise<void> {
    const active = this.active;
    this.endReason = reason;
    if (!active) {
      this.emit();
      return;
    }
    this.active = null;
    this.refreshing = null;
    this.emit();
    await this.retire(active, { forgetEntry: true, logout: options.logout });
  }

  /** Revokes a session at the backend and removes its keychain entry, logging (never throwing) failures. */
  private async retire(session: ActiveSession, options: { forgetEntry: boolean; logout: boolean }): Promise<void> {
    const logout = options.logout
      ? this.backend
          .logout(session.endpoint, session.secrets.refreshToken)
          .catch((error: unknown) => this.logger.warn(`Backend logout failed (the session is ended here anyway): ${describeError(error)}`))
      : Promise.resolve();
    const forget = options.forgetEntry
      ? this.secrets
          .delete(session.account)
          .catch((error: unknown) => this.logger.warn(`Could not delete the keychain entry: ${describeError(error)}`))
      : Promise.resolve();
    await Promise.all([logout, forget]);
  }

  private async saveSettings(): Promise<void> {
    try {
      await this.settingsStore?.save(this.settings);
    } catch (error) {
      this.logger.warn(`Could not save settings: ${describeError(error)}`);
    }
  }

  private emit(): void {
    const state = this.getState();
    for (const listener of this.listeners) {
      try {
        listener(state);
      } catch (error) {
        this.logger.error(`A session listener failed: ${describeError(error)}`);
      }
    }
  }
}

/** The backend's region, else the IdentityId's own region part ("us-east-1:…"). */
function regionOf(session: BackendSession): string {
  return session.region || session.identityId.split(':')[0] || 'us-east-1';
}

function expiryOf(session: BackendSession): number {
  return Date.parse(session.tokenExpiresAt);
}
