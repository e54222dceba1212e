import type { OrganisationPolicy, SavedAccount, SessionState } from '../../common/ipc';
import type { BackendSession, SessionBucket } from './backend-session';
import { parseBackendUrl, type BackendEndpoint } from './backend-url';
import type { RefreshObserver } from '../shared/refresh-observer';
import { ServiceError, isServiceError, notSignedIn } from '../shared/errors';
import { LiveSession, type SessionBackend } from './live-session';
import { describeError, silentLogger, type Logger } from '../shared/logger';
import { Emitter } from '../shared/emitter';
import { SavedAccounts, accountFromId, accountId, keychainError, noSuchAccount } from './saved-accounts';
import type { SecretStore } from './secret-store';
import type { Settings } from './settings-store';
import { sessionStateOf, type Phase } from './session-state';
import { BackendGate } from './backend-gate';
import type { PolicyReading } from './policy';

export type { SessionBackend } from './live-session';

export interface SettingsPersistence {
  load(): Promise<Settings>;
  save(settings: Settings): Promise<void>;
}

export interface SessionServiceOptions {
  backend: SessionBackend;
  secrets: SecretStore;
  settings?: SettingsPersistence;
  /** Wall-clock milliseconds since the epoch; injectable so tests control expiry. */
  clock?: () => number;
  /** [0, 1) for backoff jitter; injectable so tests are deterministic. */
  random?: () => number;
  logger?: Logger;
  /** Sees token refreshes start and end (the soak command counts them). */
  observer?: RefreshObserver;
  /** Suggested backend address for the sign-in form when none was used before (S3DESK_BACKEND_URL). */
  suggestedBackendUrl?: string | null;
  /** The organisation's policy: pre-fills, and may lock, the backend address. */
  policy?: PolicyReading;
  /** Whether a backend on this computer may be signed in to (development builds; default true). See BackendGate. */
  allowLoopbackBackend?: boolean;
}

/** What the AWS side needs to know about the signed-in session: no secrets. */
export interface ActiveSessionInfo {
  /** Changes with every sign-in, so per-session resources (S3 clients) can tell sessions apart. */
  id: number;
  identityId: string;
  region: string;
  username: string;
  buckets: SessionBucket[];
}

export type SessionListener = (state: SessionState) => void;

/**
 * The app's sign-in: one active LiveSession, any number of accounts saved in
 * the keychain, and the transitions between them — sign in, silent sign-in
 * at launch, switch, forget, sign out, and the session expiring. It reports
 * SessionState (who, where, until when, how the connection is), never a token.
 */
export class SessionService {
  private readonly backend: SessionBackend;
  private readonly saved: SavedAccounts;
  private readonly settingsStore: SettingsPersistence | null;
  private readonly clock: () => number;
  private readonly random: (() => number) | undefined;
  private readonly logger: Logger;
  private readonly observer: RefreshObserver | undefined;
  private readonly stateChanged: Emitter<SessionState>;
  private readonly gate: BackendGate;

  private settings: Settings;
  private phase: Phase = { kind: 'signed-out' };
  private accounts: SavedAccount[] = [];
  private endReason: string | null = null;
  private nextId = 1;
  /** Bumped by every sign-in, switch and sign-out, so a slower earlier one cannot overwrite a later one. */
  private generation = 0;

  constructor(options: SessionServiceOptions) {
    this.backend = options.backend;
    this.saved = new SavedAccounts(options.secrets);
    this.settingsStore = options.settings ?? null;
    this.clock = options.clock ?? Date.now;
    this.random = options.random;
    this.logger = options.logger ?? silentLogger;
    this.stateChanged = new Emitter(this.logger, 'a session state change');
    this.observer = options.observer;
    this.gate = new BackendGate(options.policy, { allowLoopback: options.allowLoopbackBackend });
    this.settings = { lastBackendUrl: options.suggestedBackendUrl ?? null, lastUsername: null, lastAccountId: null };
  }

  /**
   * Loads settings only — no keychain call, which a locked keychain can keep
   * waiting for seconds, so the window can open at once. When an account was
   * signed in last, the state is 'resuming' from here on: the first thing the
   * window shows is a splash, not a sign-in form that resume() then replaces.
   */
  async init(): Promise<void> {
    if (this.settingsStore) {
      const stored = await this.settingsStore.load();
      this.settings = { ...stored, lastBackendUrl: stored.lastBackendUrl ?? this.settings.lastBackendUrl };
    }
    const last = this.settings.lastAccountId ? accountFromId(this.settings.lastAccountId) : null;
    if (last) this.phase = { kind: 'resuming', account: last };
  }

  /**
   * At launch, after init(): lists the saved accounts and signs in silently as
   * the last one if it is still saved. Never throws; failures end up in the state.
   */
  async resume(): Promise<SessionState> {
    await this.refreshAccounts();
    const phase = this.phase;
    if (phase.kind !== 'resuming') {
      this.emit();
      return this.getState();
    }
    if (!this.accounts.some((account) => account.id === phase.account.id)) {
      // Not (or no longer) in the keychain, or the keychain cannot be read: the sign-in form, pre-filled, saying why.
      this.phase = { kind: 'signed-out' };
      const keychain = this.saved.keychain();
      this.endReason = keychain.available ? null : `Your saved sign-in could not be read: ${keychain.reason}`;
      this.settings = { ...this.settings, lastBackendUrl: phase.account.backendUrl, lastUsername: phase.account.username };
      this.emit();
      return this.getState();
    }
    try {
      return await this.switchAccount(phase.account.id);
    } catch {
      return this.getState();
    }
  }

  getState(): SessionState {
    return sessionStateOf(this.phase, {
      accounts: this.accounts,
      keychain: this.saved.keychain(),
      settings: { ...this.settings, lastBackendUrl: this.gate.prefill(this.settings.lastBackendUrl) },
      endReason: this.endReason,
    });
  }

  /** What the organisation's policy decides for the sign-in screen. */
  organisationPolicy(): OrganisationPolicy {
    return this.gate.view();
  }

  /** The session as the AWS side needs it, or null when signed out. */
  activeSession(): ActiveSessionInfo | null {
    const live = this.current();
    if (!live) return null;
    return { id: live.id, identityId: live.identityId, region: live.region, username: live.username, buckets: live.buckets };
  }

  onStateChanged(listener: SessionListener): () => void {
    return this.stateChanged.on(listener);
  }

  async signIn(backendUrl: string, username: string, password: string): Promise<SessionState> {
    const endpoint = parseBackendUrl(backendUrl);
    this.gate.assertAllowed(endpoint);
    const generation = ++this.generation;
    const session = await this.backend.login(endpoint, username.trim(), password);
    const live = this.newLiveSession(endpoint, session);
    await live.remember();
    if (generation !== this.generation) {
      // Superseded by a later sign-in or switch: keep what was saved, but do not take over.
      live.park();
      await this.refreshAccounts();
      return this.getState();
    }
    await this.activate(live);
    return this.getState();
  }

  /**
   * Signs in silently as a saved account. The current session keeps running
   * until the new one is established; if that fails, it is still the active
   * one and the error says why (when no session was active, the state says so).
   */
  async switchAccount(id: string): Promise<SessionState> {
    const account = accountFromId(id) ?? this.accounts.find((candidate) => candidate.id === id) ?? null;
    if (!account) throw noSuchAccount();
    const current = this.current();
    if (current?.accountId === id) return this.getState();
    const generation = ++this.generation;
    this.phase = { kind: 'resuming', account };
    this.emit();

    let live: LiveSession;
    try {
      live = await this.establishSaved(account);
    } catch (error) {
      if (generation === this.generation) await this.switchFailed(account, current, error);
      throw error;
    }
    if (generation !== this.generation) {
      live.park();
      return this.getState();
    }
    await this.activate(live);
    return this.getState();
  }

  /** Removes a saved account and revokes it at its backend; signs out first when it is the current one. */
  async forgetAccount(id: string): Promise<SessionState> {
    if (this.current()?.accountId === id) return this.signOut();
    const account = accountFromId(id);
    if (!account) throw noSuchAccount();
    const remembered = await this.saved.read(id).catch(() => null);
    await this.saved.delete(id).catch((error: unknown) => {
      throw keychainError(error, 'forget this account');
    });
    if (remembered) {
      const endpoint = parseBackendUrl(account.backendUrl);
      await Promise.resolve()
        .then(() => {
          this.gate.assertAllowed(endpoint);
          return this.backend.logout(endpoint, remembered.refreshToken);
        })
        .catch((error: unknown) => this.logger.warn(`Revoking a forgotten account at its backend failed: ${describeError(error)}`));
    }
    if (this.settings.lastAccountId === id) {
      this.settings = { ...this.settings, lastAccountId: null };
      await this.saveSettings();
    }
    await this.refreshAccounts();
    this.emit();
    return this.getState();
  }

  /** Ends the session by the user's choice: revokes it at the backend (best effort) and forgets its keychain entry. */
  async signOut(): Promise<SessionState> {
    this.generation++;
    const live = this.current();
    this.phase = { kind: 'signed-out' };
    this.endReason = null;
    if (!live) {
      this.emit();
      return this.getState();
    }
    live.end();
    this.dropAccount(live.accountId);
    this.settings = { lastBackendUrl: live.endpoint.baseUrl, lastUsername: live.username, lastAccountId: null };
    this.emit();
    await Promise.all([this.revoke(live), this.forgetEntry(live.accountId), this.saveSettings()]);
    await this.refreshAccounts();
    this.emit();
    return this.getState();
  }

  /** While reconnecting: tries the refresh now rather than at the next scheduled attempt. */
  async reconnect(): Promise<SessionState> {
    const live = this.current();
    if (live && live.connection.status === 'reconnecting') await live.refresh().catch(() => undefined);
    return this.getState();
  }

  /** After the computer wakes up or the screen is unlocked: catch up on a refresh that came due meanwhile. */
  checkNow(): void {
    this.current()?.checkSchedule();
  }

  /**
   * The current OpenID token for GetCredentialsForIdentity, refreshed through
   * the backend when it is about to expire; concurrent callers share one refresh.
   */
  freshToken(): Promise<string> {
    const live = this.current();
    if (!live) return Promise.reject(notSignedIn());
    return live.freshToken();
  }

  /** Amazon Cognito rejected this token: the next freshToken() gets a new one. */
  invalidateToken(token: string): void {
    this.current()?.invalidateToken(token);
  }

  /** Stops timers; for app shutdown. The session stays saved. */
  dispose(): void {
    this.current()?.park();
    this.stateChanged.clear();
  }

  private current(): LiveSession | null {
    return this.phase.kind === 'signed-in' ? this.phase.live : null;
  }

  private newLiveSession(endpoint: BackendEndpoint, session: BackendSession): LiveSession {
    return new LiveSession(
      {
        backend: this.backend,
        accounts: this.saved,
        clock: this.clock,
        logger: this.logger,
        random: this.random,
        observer: this.observer,
        onChange: (live) => {
          if (this.current() === live) this.emit();
        },
        onExpired: (live, reason) => void this.expired(live, reason),
      },
      { id: this.nextId++, accountId: accountId(endpoint.baseUrl, session.username), endpoint, session },
    );
  }

  /** Reads a saved account's refresh secret and exchanges it at its backend (which rotates it; the new one is saved). */
  private async establishSaved(account: SavedAccount): Promise<LiveSession> {
    const endpoint = parseBackendUrl(account.backendUrl);
    this.gate.assertAllowed(endpoint);
    const remembered = await this.saved.read(account.id).catch((error: unknown) => {
      throw keychainError(error, 'read your saved sign-in');
    });
    if (!remembered) {
      throw new ServiceError('no_such_account', `There is no saved sign-in for ${account.username} on ${account.backendHost} any more. Sign in with your password.`);
    }
    const session = await this.backend.refresh(endpoint, remembered.refreshToken);
    const live = this.newLiveSession(endpoint, session);
    if (live.accountId !== account.id || session.identityId !== remembered.identityId) {
      await this.backend.logout(endpoint, session.refreshToken).catch(() => undefined);
      throw new ServiceError('session_expired', `${account.backendHost} answered with a different identity for ${account.username}. Sign in again.`);
    }
    await live.remember();
    return live;
  }

  private async switchFailed(account: SavedAccount, previous: LiveSession | null, error: unknown): Promise<void> {
    this.logger.warn(`Signing in as a saved account failed: ${describeError(error)}`);
    const gone = isServiceError(error) && (error.code === 'session_expired' || error.code === 'no_such_account');
    if (gone) await this.forgetEntry(account.id);
    if (previous && !previous.isEnded) {
      // Nothing is lost: the session that was active stays active.
      this.phase = { kind: 'signed-in', live: previous };
    } else {
      this.phase = { kind: 'signed-out' };
      this.endReason = isServiceError(error) ? error.message : `S3 Desk could not sign in as ${account.username} on ${account.backendHost}.`;
      this.settings = { ...this.settings, lastBackendUrl: account.backendUrl, lastUsername: account.username };
      if (gone) this.settings.lastAccountId = null;
      await this.saveSettings();
    }
    await this.refreshAccounts();
    this.emit();
  }

  /** Makes `live` the active session; the one it replaces stays saved (parked) unless it could not be saved. */
  private async activate(live: LiveSession): Promise<void> {
    const previous = this.current();
    this.phase = { kind: 'signed-in', live };
    this.endReason = null;
    this.settings = { lastBackendUrl: live.endpoint.baseUrl, lastUsername: live.username, lastAccountId: live.remembered ? live.accountId : null };
    live.start();
    this.emit();
    if (previous && previous !== live) {
      if (previous.accountId === live.accountId || !previous.remembered) {
        // Replaced by a new sign-in of the same account, or nothing could resume it later: revoke it.
        previous.end();
        await this.revoke(previous);
      } else {
        previous.park();
      }
    }
    await Promise.all([this.saveSettings(), this.refreshAccounts()]);
    this.emit();
  }

  private async expired(live: LiveSession, reason: string): Promise<void> {
    live.end();
    this.dropAccount(live.accountId);
    if (this.current() === live) {
      this.generation++;
      this.phase = { kind: 'signed-out' };
      this.endReason = reason;
      this.settings = { lastBackendUrl: live.endpoint.baseUrl, lastUsername: live.username, lastAccountId: null };
      this.emit();
    }
    await Promise.all([this.forgetEntry(live.accountId), this.saveSettings()]);
    await this.refreshAccounts();
    this.emit();
  }

  /** Takes an account off the listed ones at once; the keychain catches up (refreshAccounts) afterwards. */
  private dropAccount(id: string): void {
    this.accounts = this.accounts.filter((account) => account.id !== id);
  }

  private async revoke(live: LiveSession): Promise<void> {
    await this.backend
      .logout(live.endpoint, live.refreshTokenForLogout)
      .catch((error: unknown) => this.logger.warn(`Backend logout failed (the session is ended here anyway): ${describeError(error)}`));
  }

  private async forgetEntry(id: string): Promise<void> {
    await this.saved.delete(id).catch((error: unknown) => this.logger.warn(`Could not delete the keychain entry: ${describeError(error)}`));
  }

  private async refreshAccounts(): Promise<void> {
    this.accounts = await this.saved.list();
  }

  private async saveSettings(): Promise<void> {
    try {
      await this.settingsStore?.save(this.settings);
    } catch (error) {
      this.logger.warn(`Could not save settings: ${describeError(error)}`);
    }
  }

  private emit(): void {
    this.stateChanged.emit(this.getState());
  }
}
