import { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorCode, postJson, refreshTokenOf, type PostOutcome } from './json-post';
import type { LoadTally } from './load-tally';

export interface LoadClientSetup {
  username: string;
  password: string;
  /** A loopback address of its own (127.x.y.z), so the proxy forwards a distinct client address for each. */
  localAddress: string;
  /** The round robin in front of the instances. */
  proxyUrl: string;
  /** The instances themselves, for racing refreshes that bypass the round robin. */
  instanceUrls: readonly string[];
  /** Sends every refresh to two instances at once with the same token. */
  racing: boolean;
  /** 0: until the run ends. */
  refreshesPerLogin: number;
  /** Spreads the racing pairs over the instances. */
  index: number;
  tally: LoadTally;
}

/** The answers that mean "this refresh token is no good": for a token handed out in a 2xx, a lost rotation. */
const REFUSED_TOKEN = new Set(['invalid_refresh_token', 'refresh_token_reused']);
const PAUSE_AFTER_FAILED_LOGIN_MS = 100;

/**
 * One person's app. First it signs in (`signIn`, before the run's clock
 * starts: logins are paced by the caller and timed apart, see run-load.ts).
 * Then (`run`), as fast as the backend answers, it refreshes the token again
 * and again, each time with the successor just received, and signs out when
 * the run ends (or after `refreshesPerLogin` refreshes, then signs in again).
 * A refresh that failed without an answer (or with a 5xx) is retried with the
 * same token, as the app does; a refused token sends the client back to the
 * sign-in. Every login gets at least one refresh, so every racing client
 * races at least once however slow the machine.
 */
export class LoadClient {
  private readonly agent: Agent;
  private pairs = 0;
  private token: string | undefined;

  constructor(private readonly setup: LoadClientSetup) {
    this.agent = new Agent({ keepAlive: true, localAddress: setup.localAddress, maxSockets: 4 });
  }

  /** The first login, timed as a sign-in; a failure is an error and `run` tries again. */
  async signIn(): Promise<void> {
    this.token = await this.login('signIn');
  }

  /** Refresh loops until `running` turns false; then signs out (which also proves the last successor good). */
  async run(running: () => boolean): Promise<void> {
    const refreshes = this.setup.refreshesPerLogin === 0 ? Infinity : this.setup.refreshesPerLogin;
    try {
      while (running()) {
        let token = this.token ?? (await this.login('run'));
        this.token = undefined;
        if (!token) {
          await sleep(PAUSE_AFTER_FAILED_LOGIN_MS);
          continue;
        }
        for (let done = 0; token && done < refreshes && (done === 0 || running()); done++) {
          token = this.setup.racing ? await this.racingRefresh(token) : await this.refresh(token);
        }
        if (token) await this.logout(token);
      }
    } finally {
      this.close();
    }
  }

  /** Closes its connections (also when the run was interrupted before `run`). */
  close(): void {
    this.agent.destroy();
  }

  private async send(baseUrl: string, path: string, payload: unknown, phase: 'signIn' | 'run' = 'run'): Promise<PostOutcome> {
    const outcome = await postJson(this.agent, baseUrl, path, payload);
    if (phase === 'signIn') this.setup.tally.signInRequest(outcome.milliseconds);
    else this.setup.tally.request(outcome.milliseconds);
    return outcome;
  }

  private async login(phase: 'signIn' | 'run'): Promise<string | undefined> {
    const { username, password, proxyUrl, tally } = this.setup;
    const outcome = await this.send(proxyUrl, '/v1/auth/login', { username, password }, phase);
    const token = successorOf(outcome);
    if (!token) tally.error(describe(phase === 'signIn' ? 'sign-in' : 'login', outcome));
    return token;
  }

  /** The token to go on with: the successor, the same one to retry, or undefined to sign in again. */
  private async refresh(token: string): Promise<string | undefined> {
    const { proxyUrl, tally } = this.setup;
    const outcome = await this.send(proxyUrl, '/v1/auth/refresh', { refreshToken: token });
    const successor = successorOf(outcome);
    if (successor) return successor;
    tally.error(describe('refresh', outcome));
    if (!refusedToken(outcome)) return token;
    tally.lostRotations++;
    return undefined;
  }

  /**
   * The same token at two instances at once (a retry racing the original):
   * both may succeed, but only with one and the same successor.
   */
  private async racingRefresh(token: string): Promise<string | undefined> {
    const { instanceUrls: urls, index, tally } = this.setup;
    const first = (index + this.pairs++) % urls.length;
    const targets = [urls[first] as string, urls[(first + 1) % urls.length] as string];
    tally.races++;
    const outcomes = await Promise.all(targets.map((url) => this.send(url, '/v1/auth/refresh', { refreshToken: token })));
    const successors = [...new Set(outcomes.map(successorOf).filter((value): value is string => value !== undefined))];
    for (const outcome of outcomes) if (!successorOf(outcome)) tally.error(describe('racing refresh', outcome));
    if (successors.length > 1) tally.doubleSuccessors++;
    if (successors.length > 0) return successors[0];
    if (!outcomes.every(refusedToken)) return token;
    tally.lostRotations++;
    return undefined;
  }

  private async logout(token: string): Promise<void> {
    const { proxyUrl, tally } = this.setup;
    const outcome = await this.send(proxyUrl, '/v1/auth/logout', { refreshToken: token });
    if (outcome.kind === 'answer' && outcome.status === 204) return;
    tally.error(describe('logout', outcome));
    if (refusedToken(outcome)) tally.lostRotations++;
  }
}

function describe(route: string, outcome: PostOutcome): string {
  return outcome.kind === 'network' ? `${route} network ${outcome.reason}` : `${route} ${outcome.status} ${errorCode(outcome.body)}`.trim();
}

function refusedToken(outcome: PostOutcome): boolean {
  return outcome.kind === 'answer' && outcome.status === 401 && REFUSED_TOKEN.has(errorCode(outcome.body));
}

function successorOf(outcome: PostOutcome): string | undefined {
  return outcome.kind === 'answer' && outcome.status === 200 ? refreshTokenOf(outcome.body) : undefined;
}
