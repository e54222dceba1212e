import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { RunnerTask } from 'vitest';
import { startStack, type RunningStack } from '../../../devstack/stack';
import { createServices, type Services, type ServicesConfig } from '../../../main/create-services';
import type { IpcHandlers } from '../../../main/ipc/create-handlers';
import type { Logger } from '../../../main/shared/logger';
import { MemorySecretStore } from '../../../main/session/memory-secret-store';
import { captureScreen, expectAccessible } from './accessibility';
import { openAppWindow, type AppWindow } from './app-window';
import { buildRenderer } from './build-renderer';
import { launchChromium } from './chromium';
import type { BridgeRecord } from './desk-api-bridge';
import { findLeaks, recordBackendSecrets } from './leak-canary';
import { rendererExposure } from './renderer-exposure';
import { reportFailure } from './report-failure';
import { scriptedDesktop } from './scripted-desktop';
import { serveFolder } from './static-server';

/** Where the screenshots land (README: test-results/e2e/); the notes cite them by file name. */
const SHOTS = resolve('test-results/e2e');
/** Chromium has no s3desk-preview: scheme; the same handler answers over http on the app's origin. */
export const PREVIEW_PATH = '/__preview/';

export interface E2eAppOptions {
  /** Names this run's scratch folder (s3desk-e2e-<name>-…). */
  name: string;
  /** Begins every screenshot's name ('browser-' → browser-01-big-folder.png), and a failure's after "failed-". */
  screenshotPrefix?: string;
  /** Puts what the file needs into the stack before the app starts; `home` is the demo user's home prefix. */
  seed?: (stack: RunningStack, home: string) => Promise<void>;
  /**
   * Starts what the app reaches the backend through (e.g. an outage proxy); its url replaces the
   * backend's wherever the app sees it. Closed after the app, before the stack.
   */
  frontBackend?: (backendUrl: string) => Promise<{ url: string; close(): Promise<void> }>;
  /** What this file's services differ in; asked at each launch, so a relaunch gets fresh objects (a new keychain store). */
  services?: (context: { scratch: string; stack: RunningStack }) => Partial<ServicesConfig>;
  /** 1280 × 800 unless set. */
  viewport?: { width: number; height: number };
  /** Playwright's default timeout for the page's waits (its own 30 s when unset). */
  defaultTimeout?: number;
  /** Runs on each launch of the services before a page uses them, as the app's start does (e.g. starting the update checks). */
  launched?: (services: Services) => void;
  /** Runs on each new page before the app loads, e.g. an init script that watches the DOM from the first paint. */
  preparePage?: (page: Page) => Promise<unknown>;
  /** Whether a window opens at start (default true); a file that opens each window on its own services says false. */
  openWindow?: boolean;
  /** Signs in as the demo user through the form at start, and waits for the home folder's listing. */
  signIn?: boolean;
}

/** What a test signs in with; the demo user at the app's backend unless said otherwise. */
export interface SignInForm {
  backendUrl?: string;
  username?: string;
  password?: string;
}

/**
 * The app as every E2E file runs it: the real renderer (built as it ships)
 * in Debian's Chromium, window.api backed by the real main-process handlers
 * and services, against a local stack of its own in a scratch folder. Native
 * dialogs and the rest of the desktop are scripted (`desktop`), the keychain
 * is a memory store unless the file's services say otherwise. Everything the
 * renderer could see is kept for the leak canary.
 */
export class E2eApp {
  /** The address the app signs in to: the stack's backend, or what frontBackend put in front of it. */
  backendUrl = '';
  readonly desktop = scriptedDesktop();
  /** The main-process log (it never holds secrets), for failure reports and the canary. */
  readonly logs: string[] = [];
  readonly consoleLines: string[] = [];
  /** The DOM at each screenshot, for the canary. */
  readonly domSnapshots: Record<string, string> = {};
  /** Secret → its kind: the backend's tokens as it hands them out; recordIssuedSecrets adds the emulator's. */
  readonly secrets = new Map<string, string>();
  /** Every window.api operation the pages called, in order. */
  readonly calls: string[] = [];
  private readonly logger: Logger = { info: (m) => this.logs.push(m), warn: (m) => this.logs.push(m), error: (m) => this.logs.push(m) };
  /** What close() undoes, in the order it was set up (undone last to first). */
  private readonly started: Array<() => unknown> = [];
  private readonly windows: AppWindow[] = [];
  private scratchDir: string | null = null;
  private runningStack: RunningStack | null = null;
  private runningBrowser: Browser | null = null;
  private origin = '';

  constructor(private readonly options: E2eAppOptions) {}

  get scratch(): string {
    return required(this.scratchDir, 'the scratch folder');
  }
  get stack(): RunningStack {
    return required(this.runningStack, 'the stack');
  }
  get browser(): Browser {
    return required(this.runningBrowser, 'the browser');
  }
  /** The demo user's home prefix, `<IdentityId>/`. */
  get home(): string {
    return `${this.stack.info.demoUser.identityId}/`;
  }
  /** The newest window's page, services, handlers and bridge record. */
  get page(): Page {
    return this.window.page;
  }
  get services(): Services {
    return this.window.services;
  }
  get handlers(): IpcHandlers {
    return this.window.handlers;
  }
  get bridge(): BridgeRecord {
    return this.window.bridge;
  }
  private get window(): AppWindow {
    return required(this.windows.at(-1) ?? null, 'a window');
  }

  /** Called once by startE2eApp; what it started is closed by close() even when a later step fails. */
  async start(): Promise<void> {
    if (this.scratchDir !== null) throw new Error('This E2E app has already been started.');
    mkdirSync(SHOTS, { recursive: true });
    const scratch = mkdtempSync(join(tmpdir(), `s3desk-e2e-${this.options.name}-`));
    this.scratchDir = scratch;
    this.started.push(() => rmSync(scratch, { recursive: true, force: true }));
    const stack = await startStack({ stateDir: join(scratch, 'stack'), backendPort: 0, awsPort: 0, log: () => {} });
    this.runningStack = stack;
    this.started.push(() => stack.close());
    await this.options.seed?.(stack, this.home);
    this.backendUrl = stack.info.backendUrl;
    if (this.options.frontBackend) {
      const front = await this.options.frontBackend(stack.info.backendUrl);
      this.started.push(() => front.close());
      this.backendUrl = front.url;
    }
    this.started.push(recordBackendSecrets(this.backendUrl, this.secrets));

    const outDir = join(scratch, 'renderer');
    await buildRenderer(outDir);
    const served = await serveFolder(outDir, { [PREVIEW_PATH]: (request) => this.services.previews.handle(request) });
    this.origin = served.origin;
    this.started.push(() => served.close());
    mkdirSync(join(scratch, 'opened'));
    // Every window's services, the ones a relaunch replaced included (disposing twice is harmless).
    this.started.push(() => this.windows.forEach((window) => window.services.dispose()));

    const browser = await launchChromium();
    this.runningBrowser = browser;
    this.started.push(() => browser.close());
    if (this.options.openWindow !== false) await this.openWindow();
    if (this.options.signIn) {
      await this.signIn();
      await this.page.waitForSelector('[data-testid="object-table"] >> text=welcome.txt');
    }
  }

  /** A new page on new services (built with `overrides`); earlier windows stay open until close(). */
  async openWindow(overrides: Partial<ServicesConfig> = {}): Promise<Page> {
    const services = await this.launchServices(overrides);
    const window = await openAppWindow(this.browser, {
      origin: this.origin,
      services,
      logger: this.logger,
      viewport: this.options.viewport ?? { width: 1280, height: 800 },
      defaultTimeout: this.options.defaultTimeout,
      preparePage: this.options.preparePage,
      consoleLines: this.consoleLines,
      calls: this.calls,
    }).catch((error: unknown) => {
      services.dispose();
      throw error;
    });
    this.windows.push(window);
    return window.page;
  }

  /** Restarts the main-process services behind the same page, as a relaunch of the app does. */
  async relaunch(overrides: Partial<ServicesConfig> = {}): Promise<Services> {
    const window = this.window;
    window.relaunch(await this.launchServices(overrides));
    return window.services;
  }

  /** Fills the sign-in form (the demo user at the app's backend unless said otherwise) and submits it. */
  async signIn(form: SignInForm = {}): Promise<void> {
    const { demoUser } = this.stack.info;
    await this.page.fill('input[name="backendUrl"]', form.backendUrl ?? this.backendUrl);
    await this.page.fill('input[name="username"]', form.username ?? demoUser.username);
    await this.page.fill('input[name="password"]', form.password ?? demoUser.password);
    await this.page.click('[data-testid="sign-in-submit"]');
  }

  /**
   * The screenshot people look at (`<prefix><name>.png`; of `selector` alone when given), then the
   * accessibility check on the whole screen; the DOM is kept for the canary.
   */
  async screen(name: string, selector?: string): Promise<void> {
    const shown = `${this.options.screenshotPrefix ?? ''}${name}`;
    const path = join(SHOTS, `${shown}.png`);
    this.domSnapshots[name] = await this.page.content();
    if (!selector) return captureScreen(this.page, shown, path);
    await this.page.locator(selector).screenshot({ path });
    await expectAccessible(this.page, shown);
  }

  /** Adds the credentials and tokens the emulator issued to the canary's secrets. */
  recordIssuedSecrets(): void {
    for (const secret of this.stack.emulator.issuedSecrets()) if (!this.secrets.has(secret)) this.secrets.set(secret, 'AWS credential or OpenID token');
  }

  /** Where any known secret turned up in what the renderer could see (the newest window's), by place and kind. */
  async leaks(): Promise<string[]> {
    const { page, bridge } = this.window;
    return findLeaks(this.secrets, await rendererExposure(page, { bridge, consoleLines: this.consoleLines, logs: this.logs, domSnapshots: this.domSnapshots }));
  }

  /**
   * After a failed step: a screenshot, the screen's text and the last log lines, so a red run
   * can be read; then Escape, so a dialog the step left open is not over the next step.
   */
  async reportFailureIf(task: RunnerTask): Promise<void> {
    if (task.result?.state !== 'fail') return;
    const page = this.windows.at(-1)?.page;
    const prefix = `failed-${this.options.screenshotPrefix ?? ''}`;
    await reportFailure(page, { shotsDir: SHOTS, prefix, testName: task.name, logs: this.logs });
    await page?.keyboard.press('Escape').catch(() => undefined);
  }

  /** Closes the browser, the services, the renderer's server, the backend's front, the stack, and deletes the scratch folder. */
  async close(): Promise<void> {
    for (const undo of this.started.splice(0).reverse()) await undo();
  }

  private async launchServices(overrides: Partial<ServicesConfig>): Promise<Services> {
    const { scratch, stack } = this;
    const services = await createServices({
      secrets: new MemorySecretStore(),
      settingsPath: join(scratch, 'settings.json'),
      awsEndpoint: stack.info.awsEndpoint,
      suggestedBackendUrl: this.backendUrl,
      logger: this.logger,
      desktop: this.desktop,
      openedFilesRoot: join(scratch, 'opened'),
      previewBaseUrl: `${this.origin}${PREVIEW_PATH}`,
      ...this.options.services?.({ scratch, stack }),
      ...overrides,
    });
    this.options.launched?.(services);
    return services;
  }
}

/** Starts the app as `options` say; when a step fails, what had started is closed before the error is thrown. */
export async function startE2eApp(options: E2eAppOptions): Promise<E2eApp> {
  const app = new E2eApp(options);
  try {
    await app.start();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}

function required<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`The E2E app has no ${what} yet: startE2eApp sets it up.`);
  return value;
}
