import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultRule } from '../../devstack/aws/faults';
import { startOutageProxy } from '../../devstack/outage-proxy';
import { SHARED_BUCKET, SHARED_PREFIX } from '../../devstack/seed';
import { startStack } from '../../devstack/stack';
import type { RefreshObserver } from '../../main/shared/refresh-observer';

import { isServiceError } from '../../main/shared/errors';
import { MemorySecretStore } from '../../main/session/memory-secret-store';
import { folderPageCommand } from '../../main/browse/folder-page';
import { mapS3Error } from '../../main/aws/s3-errors';
import { createServices, type Services } from '../../main/create-services';

export interface SoakOptions {
  seconds: number;
  /** OpenID token lifetime (the backend's TokenDuration). */
  tokenLifetimeSeconds: number;
  /** AWS credential lifetime from GetCredentialsForIdentity. */
  credentialLifetimeSeconds: number;
  /** Callers listing S3 at the same time, each in a loop. */
  concurrency: number;
  /** Emulator faults (latency, throttling, 5xx, dropped connections) for the whole run. */
  faults?: FaultRule[];
  /** Takes the backend away for `seconds` starting `atSecond` into the run. */
  backendOutage?: { atSecond: number; seconds: number };
  /** Shifts AWS's clock against this computer's (seconds, ±). */
  clockSkewSeconds?: number;
}

export interface SoakResult {
  calls: number;
  failures: number;
  tokenRefreshes: number;
  credentialRefreshes: number;
  /** The most refreshes of one kind (token or credentials) ever in flight at once: 1 means single-flight held. */
  maxConcurrentRefreshes: number;
  /** Failed calls by error code. */
  failureCodes: Record<string, number>;
  /** Seconds into the run of the last failed call; null when none failed. */
  lastFailureAtSecond: number | null;
  /** Calls that succeeded after the last failure (recovery). */
  callsAfterLastFailure: number;
  /** GetCredentialsForIdentity calls the emulator saw (including rejected ones), to cross-check credentialRefreshes. */
  getCredentialsCalls: number;
}

/** Counts refreshes and the most of each kind ever running at once. */
class CountingObserver implements RefreshObserver {
  readonly started = { token: 0, credentials: 0 };
  private readonly running = { token: 0, credentials: 0 };
  maxConcurrent = 0;

  refreshStarted(kind: 'token' | 'credentials'): void {
    this.started[kind] += 1;
    this.running[kind] += 1;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.running[kind]);
  }

  refreshEnded(kind: 'token' | 'credentials'): void {
    this.running[kind] -= 1;
  }
}

/**
 * Drives the real main-process services (backend client, session, Cognito
 * credentials, S3 browser — no Electron, no UI) against a private local
 * stack with short lifetimes: `concurrency` callers list S3 continuously for
 * `seconds`, while tokens and credentials expire and are refreshed under them.
 */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const scratch = mkdtempSync(join(tmpdir(), 's3desk-soak-'));
  const stack = await startStack({
    stateDir: join(scratch, 'stack'),
    fresh: true,
    backendPort: 0,
    awsPort: 0,
    credentialLifetimeSeconds: options.credentialLifetimeSeconds,
    tokenDurationSeconds: options.tokenLifetimeSeconds,
    log: () => {},
  });
  const proxy = await startOutageProxy(stack.info.backendUrl);
  const observer = new CountingObserver();
  const services = await createServices({
    secrets: new MemorySecretStore(),
    settingsPath: join(scratch, 'settings.json'),
    awsEndpoint: stack.info.awsEndpoint,
    observer,
  });
  const timers: NodeJS.Timeout[] = [];
  try {
    await services.session.signIn(proxy.url, stack.info.demoUser.username, stack.info.demoUser.password);
    // Counted from here: the sign-in itself is not a refresh.
    observer.started.token = 0;
    stack.emulator.controls.resetStats();
    if (options.clockSkewSeconds) stack.emulator.controls.clock.setOffsetSeconds(options.clockSkewSeconds);
    for (const fault of options.faults ?? []) stack.emulator.controls.faults.add(fault);

    const start = Date.now();
    const deadline = start + options.seconds * 1000;
    if (options.backendOutage) {
      const { atSecond, seconds } = options.backendOutage;
      timers.push(setTimeout(() => void proxy.down(), atSecond * 1000));
      timers.push(setTimeout(() => void proxy.up(), (atSecond + seconds) * 1000));
    }

    let calls = 0;
    let failures = 0;
    let lastFailureAt: number | null = null;
    let callsAfterLastFailure = 0;
    const failureCodes: Record<string, number> = {};
    const caller = async () => {
      while (Date.now() < deadline) {
        calls += 1;
        try {
          await listSharedFolder(services);
          callsAfterLastFailure += 1;
        } catch (error) {
          failures += 1;
          callsAfterLastFailure = 0;
          lastFailureAt = Date.now();
          const code = isServiceError(error) ? error.code : 'unexpected';
          failureCodes[code] = (failureCodes[code] ?? 0) + 1;
          // A failing caller backs off a little, as the UI would, instead of spinning.
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, caller));

    return {
      calls,
      failures,
      tokenRefreshes: observer.started.token,
      credentialRefreshes: observer.started.credentials,
      maxConcurrentRefreshes: observer.maxConcurrent,
      failureCodes,
      lastFailureAtSecond: lastFailureAt === null ? null : Math.round((lastFailureAt - start) / 100) / 10,
      callsAfterLastFailure,
      getCredentialsCalls: stack.emulator.controls.callCounts().GetCredentialsForIdentity ?? 0,
    };
  } finally {
    for (const timer of timers) clearTimeout(timer);
    await proxy.up().catch(() => undefined);
    await services.session.signOut().catch(() => undefined);
    services.dispose();
    await proxy.close();
    await stack.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** One page of the shared folder, as ObjectListings asks for it, failing with the app's error codes. */
async function listSharedFolder(services: Services): Promise<void> {
  const folder = { bucket: SHARED_BUCKET, prefix: SHARED_PREFIX };
  try {
    await services.clients.client().s3.send(folderPageCommand(folder));
  } catch (error) {
    throw mapS3Error(error, { action: 'list', ...folder });
  }
}
