import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Page } from 'playwright-core';
import { PRIVATE_BUCKET, SHARED_BUCKET, SHARED_LABEL, SHARED_PREFIX } from '../../devstack/seed';
import type { RunningStack } from '../../devstack/stack';
import type { IpcHandlers } from '../../main/ipc/create-handlers';
import type { Services } from '../../main/create-services';
import type { BridgeRecord } from './harness/desk-api-bridge';
import { startE2eApp, type E2eApp } from './harness/e2e-app';

/**
 * The native touches, end to end: the real renderer in Debian's Chromium and
 * the real main-process services against the real local stack, with the
 * desktop (taskbar, default applications, drags) scripted through the same Desktop
 * interface Electron's adapter implements (no Electron binary exists here).
 */
const haveChromium = existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
const MIB = 1024 * 1024;

describe.runIf(haveChromium || process.env.CI)('S3 Desk end to end: taskbar progress, Open with the default application, and drag out', () => {
  let app: E2eApp;
  let scratch: string;
  let stack: RunningStack;
  let services: Services;
  let handlers: IpcHandlers;
  let page: Page;
  let bridge: BridgeRecord;
  let home: string;
  let desktop: E2eApp['desktop'];

  /** The whole screen, or only `selector`'s part of it (the accessibility check still covers the whole screen). */
  const screen = (name: string, selector?: string) => app.screen(name, selector);
  const row = (name: string) => page.locator(`[data-testid="object-row"]:has(.object-table__label:text-is(${JSON.stringify(name)}))`);
  const waitForTransfer = async (label: string, status: string) => {
    await page.waitForSelector(`[data-testid="transfer-item"][data-status="${status}"]:has-text(${JSON.stringify(label)})`, { timeout: 60_000 });
  };
  const openFolder = async (name: string) => {
    await row(name).dblclick();
    await page.waitForSelector(`[data-testid="breadcrumb"] >> text=${name}`);
  };
  const objectBytes = async (bucket: string, key: string) => {
    const answer = await services.clients.client().s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await answer.Body!.transformToByteArray());
  };

  beforeAll(async () => {
    app = await startE2eApp({ name: 'native', screenshotPrefix: 'native-', signIn: true });
    ({ scratch, stack, services, handlers, page, bridge, home, desktop } = app);
  }, 180_000);

  afterEach(async (context) => {
    stack?.emulator.controls.faults.clear();
    await app?.reportFailureIf(context.task);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('shows an upload’s progress on the taskbar while it runs, and clears the bar once the queue is idle', async () => {
    const source = join(scratch, 'upload');
    mkdirSync(source);
    const file = join(source, 'taskbar upload.bin');
    writeFileSync(file, randomBytes(40 * MIB));
    // Five 8 MiB parts go out together; four of them are held back, so one lands first: a fifth of the bytes.
    stack.emulator.controls.faults.add({ operation: 'UploadPart', kind: 'latency', latencyMs: 4_000, count: 4 });
    const before = desktop.taskbarProgress.length;
    desktop.uploadSources.push([file]);
    await page.click('[data-testid="action-upload-files"]');
    const start = page.locator('[data-testid="upload-start"]');
    if (await start.isVisible().catch(() => false)) await start.click();
    await waitForTransfer('taskbar upload.bin', 'running');

    const partWay = () =>
      desktop.taskbarProgress.slice(before).find((progress) => progress.kind === 'fraction' && progress.fraction > 0 && progress.fraction < 1);
    await expect.poll(partWay, { timeout: 30_000 }).toMatchObject({ kind: 'fraction', mode: 'normal' });
    await screen('01-taskbar-progress', '[data-testid="transfers-panel"]');

    await waitForTransfer('taskbar upload.bin', 'done');
    await expect.poll(() => desktop.taskbarProgress.at(-1), { timeout: 10_000 }).toEqual({ kind: 'none' });
    const shown = desktop.taskbarProgress.slice(before);
    // Never past the ends, and never moving back while the upload ran.
    const fractions = shown.flatMap((progress) => (progress.kind === 'fraction' ? [progress.fraction] : []));
    expect(fractions.every((fraction) => fraction >= 0 && fraction <= 1)).toBe(true);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(readFileSync(file).length).toBe(40 * MIB);
    await expect(objectBytes(PRIVATE_BUCKET, `${home}taskbar upload.bin`).then((bytes) => bytes.length)).resolves.toBe(40 * MIB);
  });

  it('opens a file with its default application: downloaded into a private folder, the same bytes as the object', async () => {
    await page.click(`[data-testid="bucket-item"] >> text=${SHARED_LABEL}`);
    await page.waitForSelector('[data-testid="object-table"] >> text=README.txt');
    await openFolder('reports');
    await openFolder('2026');
    await row('q1.csv').click();
    await page.waitForSelector('[data-testid="details-pane"] >> text=text/csv');
    await row('q1.csv').click({ button: 'right' });
    await screen('02-open-menu');
    await page.click('[data-testid="menu-open-file"]');

    await expect.poll(() => desktop.opened.length, { timeout: 30_000 }).toBe(1);
    const opened = desktop.opened[0]!;
    expect(opened.endsWith('q1.csv')).toBe(true);
    expect(opened.startsWith(join(scratch, 'opened'))).toBe(true);
    expect(readFileSync(opened).equals(await objectBytes(SHARED_BUCKET, `${SHARED_PREFIX}reports/2026/q1.csv`))).toBe(true);
    // Its folder and this run's folder are the user's alone.
    expect(statSync(dirname(opened)).mode & 0o777).toBe(0o700);
    expect(statSync(dirname(dirname(opened))).mode & 0o777).toBe(0o700);
    await waitForTransfer('q1.csv', 'done');
    await page.waitForSelector('[data-testid="action-notice"]', { state: 'detached' });
    await screen('02-open');
  });

  it('says clearly when the system cannot open the file, and that an archived file must be restored first', async () => {
    desktop.openProblems.push('No application is registered for this kind of file.');
    await row('summary.json').click({ button: 'right' });
    await page.click('[data-testid="menu-open-file"]');
    const error = page.locator('[data-testid="action-error"]');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/Couldn’t open “summary\.json”[\s\S]*downloaded but could not be opened: No application is registered/);
    await page.click('[data-testid="breadcrumb"] >> text=Team library');
    await openFolder('archive');
    await row('2019-backup.tar').click({ button: 'right' });
    expect(await page.locator('[data-testid="menu-open-file"]').isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    // Main says so too, whoever asks.
    const answer = await handlers.openObject([{ bucket: SHARED_BUCKET, key: `${SHARED_PREFIX}archive/2019-backup.tar` }]);
    expect(answer).toEqual({ ok: false, error: { code: 'archived_object', message: '“2019-backup.tar” is archived and must be restored before it can be opened.' } });
  });

  it('drags files and a folder out to the desktop: downloaded complete into a private folder first, then handed to the native drag', async () => {
    const bin = randomBytes(2 * MIB);
    await services.clients.client().s3.send(new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: `${home}drag-out.bin`, Body: bin }));
    await page.click('[data-testid="bucket-item"] >> text=My files');
    await page.click('[data-testid="refresh"]');
    await row('drag-out.bin').waitFor();
    await row('documents').click();
    await row('drag-out.bin').click({ modifiers: ['Control'] });
    await row('welcome.txt').click({ modifiers: ['Control'] });
    // Held back, so that the tray can be seen preparing.
    stack.emulator.controls.faults.add({ operation: 'GetObject', kind: 'latency', latencyMs: 3_000, count: 1 });
    const drags = desktop.drags.length;
    await page.click('[data-testid="action-drag-out"]');

    const tray = page.locator('[data-testid="drag-out-tray"]');
    await tray.waitFor();
    if ((await tray.getAttribute('data-phase')) === 'preparing') {
      expect(await tray.innerText()).toMatch(/Preparing 3 items…/);
      await screen('03-drag-out-preparing');
    }
    await page.waitForSelector('[data-testid="drag-out-tray"][data-phase="ready"]', { timeout: 60_000 });
    await waitForTransfer('3 items', 'done');
    const chip = page.locator('[data-testid="drag-out-chip"]');
    expect(await tray.innerText()).toMatch(/Drag 3 items to your desktop or a folder/);
    expect(await chip.innerText()).toMatch(/documents and 2 more/);
    await screen('04-drag-out-ready');

    await chip.dispatchEvent('dragstart');
    await expect.poll(() => desktop.drags.length, { timeout: 10_000 }).toBe(drags + 1);
    const dragged = desktop.drags.at(-1)!;
    expect(dragged.map((path) => basename(path))).toEqual(['documents', 'drag-out.bin', 'welcome.txt']);
    // One private folder (only this user can enter it) holds the three, complete: the objects' own bytes.
    const folder = dirname(dragged[0]!);
    expect(dragged.every((path) => dirname(path) === folder)).toBe(true);
    expect(folder.startsWith(join(scratch, 'opened'))).toBe(true);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(folder, 'drag-out.bin')).equals(bin)).toBe(true);
    expect(readFileSync(join(folder, 'welcome.txt')).equals(await objectBytes(PRIVATE_BUCKET, `${home}welcome.txt`))).toBe(true);
    expect(readdirSync(join(folder, 'documents'))).toEqual(['notes.md']);
    expect(readFileSync(join(folder, 'documents', 'notes.md')).equals(await objectBytes(PRIVATE_BUCKET, `${home}documents/notes.md`))).toBe(true);
    // The page was given names and an id, never where the files are.
    const trayHtml = await tray.evaluate((element) => element.outerHTML);
    expect(trayHtml).not.toContain(folder);
    expect(trayHtml).not.toContain(scratch);
    expect([...bridge.replies, ...bridge.events].join('\n')).not.toContain(folder);

    // For a keyboard: Show in folder reveals them in the file manager.
    await page.click('[data-testid="drag-out-reveal"]');
    await expect.poll(() => desktop.revealed.at(-1), { timeout: 10_000 }).toBe(dragged[0]);
    // It stays ready while browsing elsewhere, and Escape puts it away.
    await openFolder('documents');
    await chip.waitFor();
    await page.keyboard.press('Escape');
    await tray.waitFor({ state: 'detached' });
  });

  it('never let a token or AWS key reach the renderer (canary)', async () => {
    app.recordIssuedSecrets();
    expect(await app.leaks()).toEqual([]);
    expect(bridge.untrustedCalls).toBe(0);
  });
});
