import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { Page } from 'playwright-core';
import type { ListingEvent } from '../../common/ipc';
import { BIG_PREFIX, BIG_PREFIX_KEYS, PRIVATE_BUCKET, PRIVATE_LABEL, SHARED_BUCKET, SHARED_LABEL, SHARED_PREFIX } from '../../devstack/seed';
import type { RunningStack } from '../../devstack/stack';
import type { Services } from '../../main/create-services';
import type { BridgeRecord } from './harness/desk-api-bridge';
import { PREVIEW_PATH, startE2eApp, type E2eApp } from './harness/e2e-app';

/**
 * Every visible S3 operation, end to end: the real renderer in Debian's
 * Chromium, window.api backed by the real handlers and services, against the
 * real local stack. Native dialogs are scripted (they are the one piece of
 * Electron a browser cannot show); the keychain is not the point here, so a
 * memory store stands in for it.
 */
const haveChromium = existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');

describe.runIf(haveChromium || process.env.CI)('S3 Desk end to end: browse, preview, transfer, delete', () => {
  let app: E2eApp;
  let scratch: string;
  let stack: RunningStack;
  let services: Services;
  let page: Page;
  let bridge: BridgeRecord;
  let home: string;
  let desktop: E2eApp['desktop'];
  const listingEvents: ListingEvent[] = [];

  const screen = (name: string) => app.screen(name);
  const row = (name: string) => page.locator(`[data-testid="object-row"]:has(.object-table__label:text-is(${JSON.stringify(name)}))`);
  const openFolder = async (name: string) => {
    await row(name).dblclick();
    await page.waitForSelector(`[data-testid="breadcrumb"] >> text=${name}`);
  };
  /** Opens a bucket entry from the sidebar, by the label the stack gives it ("My files", "Team library"). */
  const goToBucket = async (label: string) => {
    await page.click(`[data-testid="bucket-item"] >> text=${label}`);
  };
  const transfer = (label: string) => page.locator(`[data-testid="transfer-item"]:has-text(${JSON.stringify(label)})`);
  const waitForTransfer = async (label: string, status: string) => {
    await page.waitForSelector(`[data-testid="transfer-item"][data-status="${status}"]:has-text(${JSON.stringify(label)})`, { timeout: 60_000 });
  };
  const localDir = (name: string) => {
    const dir = join(scratch, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  const s3 = () => services.clients.client().s3;

  beforeAll(async () => {
    app = await startE2eApp({ name: 'browser', screenshotPrefix: 'browser-', signIn: true });
    ({ scratch, stack, services, page, bridge, home, desktop } = app);
    services.listings.onEvent((event) => listingEvents.push(event));
  }, 180_000);

  afterEach(async (context) => {
    stack?.emulator.controls.faults.clear();
    await app?.reportFailureIf(context.task);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('lists the 100,000-key folder as it streams in, rendering only a window of rows', async () => {
    await goToBucket(SHARED_LABEL);
    await openFolder('big-folder');
    await page.waitForSelector('[data-testid="object-row"] >> text=object-000000.txt');
    await page.waitForSelector(`[data-testid="listing-summary"] >> text=/${BIG_PREFIX_KEYS.toLocaleString('en-US')}/`, { timeout: 200_000 });
    expect(await page.locator('[data-testid="object-row"]').count()).toBeLessThan(200);
    expect(await page.getAttribute('[data-testid="object-table"]', 'aria-rowcount')).toBe(String(BIG_PREFIX_KEYS + 1));
    await screen('01-big-folder');
    // 100 pages through the real stack: on a busy machine this takes far longer than the default 30 s.
  }, 240_000);

  it('scrolls to the last of 100,000 rows', async () => {
    await page.$eval('[data-testid="object-table-scroll"]', (element) => {
      (element as unknown as { scrollTop: number; scrollHeight: number }).scrollTop = (element as unknown as { scrollHeight: number }).scrollHeight;
    });
    await page.waitForSelector('[data-testid="object-row"] >> text=object-099999.txt');
    await screen('02-big-folder-bottom');
  });

  it('filters the loaded keys by substring and says how many match', async () => {
    await page.fill('[data-testid="filter-input"]', '09999');
    await page.waitForSelector('[data-testid="object-row"] >> text=object-099990.txt');
    expect(await page.innerText('[data-testid="filter-count"]')).toMatch(/11 of 100,000/);
    expect(await page.locator('[data-testid="object-row"]').count()).toBe(11);
    await screen('03-filtered');
    await page.fill('[data-testid="filter-input"]', '');
  });

  it('navigating away in the middle of a listing cancels it', async () => {
    const before = listingEvents.length;
    const bigListingIds = () =>
      new Set(listingEvents.slice(before).filter((e) => e.kind === 'page' && e.objects.prefix === BIG_PREFIX && e.objects.names.length > 0).map((e) => e.listingId));
    // The folder's listing is cached; Refresh lists it again from S3.
    await page.click('[data-testid="refresh"]');
    await expect.poll(() => bigListingIds().size).toBe(1);
    await page.click('[data-testid="go-up"]');
    await page.waitForSelector('[data-testid="object-table"] >> text=README.txt');
    await new Promise((r) => setTimeout(r, 500));
    const [bigId] = [...bigListingIds()];
    const bigEvents = listingEvents.filter((e) => e.listingId === bigId);
    expect(bigEvents.some((e) => e.kind === 'done')).toBe(false);
    expect(bigEvents.length).toBeLessThan(BIG_PREFIX_KEYS / 1000);
  });

  it('sorts by a column and back, folders first', async () => {
    await page.click('[data-testid="sort-size"]');
    await page.waitForSelector('[data-testid="sort-size"][aria-sort="ascending"], [data-testid="sort-size"] >> xpath=ancestor-or-self::*[@aria-sort="ascending"]');
    const names = async () => (await page.locator('[data-testid="object-row"] .object-table__label').allInnerTexts()).map((n) => n.trim());
    const bySize = await names();
    expect(bySize.indexOf('logs')).toBeLessThan(bySize.indexOf('README.txt'));
    await page.click('[data-testid="sort-name"]');
    await page.click('[data-testid="sort-name"]');
    await page.waitForSelector('[data-testid="sort-name"][aria-sort="descending"], [data-testid="sort-name"] >> xpath=ancestor-or-self::*[@aria-sort="descending"]');
    const descending = await names();
    // Folders stay first, in reverse order; the file follows them.
    expect(descending.indexOf('reports')).toBeLessThan(descending.indexOf('archive'));
    expect(descending.at(-1)).toBe('README.txt');
    await screen('04-sorted');
    await page.click('[data-testid="sort-name"]');
  });

  it('keyboard: arrows, Enter opens, Backspace goes up, typing finds', async () => {
    await row('README.txt').click();
    await page.keyboard.type('rep');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="breadcrumb"] >> text=reports');
    // Keys act on the rows shown: wait for the folder's listing before moving in it.
    await page.waitForSelector('[data-testid="object-row"] >> text=2026');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="object-table"] >> text=q1.csv');
    await page.keyboard.press('Backspace');
    await page.waitForSelector('[data-testid="object-table"] >> text=2026');
    await page.keyboard.press('Backspace');
    await page.waitForSelector('[data-testid="object-table"] >> text=README.txt');
  });

  it('back and forward, with the cached listing and its age', async () => {
    await openFolder('reports');
    await page.click('[data-testid="go-back"]');
    await page.waitForSelector('[data-testid="object-table"] >> text=README.txt');
    await page.waitForSelector('[data-testid="listing-age"]');
    expect(await page.innerText('[data-testid="listing-age"]')).toMatch(/listed/i);
    await page.click('[data-testid="go-forward"]');
    await page.waitForSelector('[data-testid="object-table"] >> text=2026');
    await screen('05-forward-cached');
    await page.click('[data-testid="go-back"]');
    await page.waitForSelector('[data-testid="object-table"] >> text=README.txt');
  });

  it('details from HeadObject, and "Copy S3 URI" puts the address on the clipboard', async () => {
    await row('README.txt').click();
    await page.waitForSelector('[data-testid="details-pane"] >> text=text/plain');
    const details = await page.innerText('[data-testid="details-pane"]');
    expect(details).toMatch(/standard/i);
    await page.click('[data-testid="copy-s3-uri"]');
    await expect.poll(() => desktop.clipboard.text).toBe(`s3://${SHARED_BUCKET}/${SHARED_PREFIX}README.txt`);
    await screen('06-details');
  });

  it('previews an image streamed from main, never from a presigned URL', async () => {
    await openFolder('images');
    await row('gradient.png').click();
    const image = page.locator('[data-testid="preview-image"]');
    await image.waitFor();
    await expect.poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(240);
    const src = (await image.getAttribute('src')) ?? '';
    expect(src).toContain(PREVIEW_PATH);
    expect(src).not.toMatch(/X-Amz|Signature|Credential/i);
    await screen('07-preview-image');
    await page.click('[data-testid="go-up"]');
  });

  it('previews the first 256 KB of a large text file, and a CSV as a table', async () => {
    await openFolder('logs');
    await row('server.log').click();
    await page.waitForSelector('[data-testid="preview-text"] >> text=/GET \\/library/');
    await page.waitForSelector('[data-testid="preview-truncated"]');
    await screen('08-preview-truncated-text');
    await page.click('[data-testid="go-up"]');
    await openFolder('reports');
    await openFolder('2026');
    await row('q1.csv').click();
    await page.waitForSelector('[data-testid="preview-csv"] >> text=emea');
    await screen('09-preview-csv');
  });

  it('downloads a file into the folder chosen in the (main-process) dialog', async () => {
    const into = localDir('downloads-file');
    desktop.downloadFolders.push(into);
    await row('summary.json').click();
    await page.click('[data-testid="action-download"]');
    await waitForTransfer('summary.json', 'done');
    expect(JSON.parse(readFileSync(join(into, 'summary.json'), 'utf8'))).toEqual({ quarter: 'Q1', regions: 3, healthy: true });
    await screen('10-downloaded-file');
  });

  it('downloads a folder after a summary that warns about archived objects', async () => {
    await page.click('[data-testid="go-up"]');
    await page.click('[data-testid="go-up"]');
    await page.waitForSelector('[data-testid="object-table"] >> text=README.txt');
    const into = localDir('downloads-folder');
    desktop.downloadFolders.push(into);
    await row('archive').click();
    await page.click('[data-testid="action-download"]');
    await page.waitForSelector('[data-testid="confirm-dialog"] [data-testid="confirm-summary"]');
    await page.waitForSelector('[data-testid="confirm-archived"]');
    expect(await page.innerText('[data-testid="confirm-dialog"]')).toMatch(/2 objects/);
    await screen('11-folder-download-summary');
    await page.click('[data-testid="confirm-cancel"]');

    await row('reports').click();
    await page.click('[data-testid="action-download"]');
    await page.waitForSelector('[data-testid="confirm-summary"]');
    await page.click('[data-testid="confirm-accept"]');
    await waitForTransfer('reports', 'done');
    expect(readFileSync(join(into, 'reports', '2026', 'q1.csv'), 'utf8')).toContain('emea,1200000');
    expect(existsSync(join(into, 'reports', '2026', 'summary.json'))).toBe(true);
    await screen('12-folder-downloaded');
  });

  it('downloads hostile keys inside the chosen folder only', async () => {
    const into = localDir('downloads-odd');
    desktop.downloadFolders.push(into);
    await row('odd names').click();
    await page.click('[data-testid="action-download"]');
    await page.waitForSelector('[data-testid="confirm-summary"]');
    await page.click('[data-testid="confirm-accept"]');
    await waitForTransfer('odd names', 'done');
    const all = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? all(join(dir, e.name)) : [join(dir, e.name)]));
    const files = all(into);
    expect(files.length).toBe(10);
    for (const file of files) expect(file.startsWith(`${into}/`)).toBe(true);
    expect(existsSync(join(scratch, 'etc'))).toBe(false);
  });

  it('uploads files chosen in the dialog into the home folder', async () => {
    await goToBucket(PRIVATE_LABEL);
    await page.waitForSelector('[data-testid="object-table"] >> text=welcome.txt');
    const source = localDir('upload-source');
    writeFileSync(join(source, 'hello from the dialog.txt'), 'uploaded by dialog\n');
    desktop.uploadSources.push([join(source, 'hello from the dialog.txt')]);
    await page.click('[data-testid="action-upload-files"]');
    const start = page.locator('[data-testid="upload-start"]');
    if (await start.isVisible().catch(() => false)) await start.click();
    await waitForTransfer('hello from the dialog.txt', 'done');
    await page.waitForSelector('[data-testid="object-table"] >> text=hello from the dialog.txt');
    const head = await s3().send(new HeadObjectCommand({ Bucket: PRIVATE_BUCKET, Key: `${home}hello from the dialog.txt` }));
    expect(head.ContentLength).toBe('uploaded by dialog\n'.length);
    await screen('13-uploaded-by-dialog');
  });

  it('uploads a dropped file (its path resolved out of the page, like webUtils.getPathForFile), and asks before replacing', async () => {
    const source = localDir('drop-source');
    const dropped = join(source, 'dropped notes.txt');
    writeFileSync(dropped, 'dropped on the window\n');
    bridge.droppedPaths.set('dropped notes.txt', dropped);
    const drop = () =>
      page.evaluate(
        ([name]) => {
          const g = globalThis as unknown as Record<string, unknown> & { document: { querySelector(s: string): { dispatchEvent(e: unknown): void } } };
          const Transfer = g.DataTransfer as new () => { items: { add(file: unknown): void } };
          const FileCtor = g.File as new (parts: string[], name: string) => unknown;
          const DragEventCtor = g.DragEvent as new (type: string, init: object) => unknown;
          const data = new Transfer();
          data.items.add(new FileCtor(['x'], name));
          const zone = g.document.querySelector('[data-testid="drop-zone"]');
          for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new DragEventCtor(type, { dataTransfer: data, bubbles: true, cancelable: true }));
        },
        ['dropped notes.txt'] as const,
      );
    await drop();
    const start = page.locator('[data-testid="upload-start"]');
    await waitForTransfer('dropped notes.txt', 'done').catch(async () => {
      await start.click();
      await waitForTransfer('dropped notes.txt', 'done');
    });
    await page.waitForSelector('[data-testid="object-table"] >> text=dropped notes.txt');

    await drop();
    await page.waitForSelector('[data-testid="overwrite-dialog"] [data-testid="overwrite-existing"] >> text=dropped notes.txt');
    await screen('14-overwrite-prompt');
    await page.click('[data-testid="overwrite-replace"]');
    await expect.poll(async () => page.locator('[data-testid="transfer-item"][data-status="done"]:has-text("dropped notes.txt")').count()).toBe(2);
  });

  it('plans no upload of a path made up by page script: there is no way to name one', async () => {
    const secret = join(localDir('not-dropped'), 'credentials');
    writeFileSync(secret, 'aws_secret_access_key = never-uploaded\n');
    const before = bridge.replies.length;
    const answers = await page.evaluate(
      async ([path, droppedName]) => {
        type Api = Record<string, ((request: unknown) => Promise<unknown>) | undefined>;
        const g = globalThis as unknown as { api: Api; File: new (parts: string[], name: string) => unknown };
        const request = { bucket: 'desk-private', prefix: '' };
        return {
          oldPlanUpload: typeof g.api.planUpload,
          paths: await g.api.planDroppedUpload!({ ...request, paths: [path] }),
          pathsAsFiles: await g.api.planDroppedUpload!({ ...request, files: [path] }),
          // An object posing as a dropped File, under a name the test did drop: still not a File.
          posingAsFile: await g.api.planDroppedUpload!({ ...request, files: [{ name: droppedName, path }] }),
          // A File the page made has no local path, whatever its name.
          madeFile: await g.api.planDroppedUpload!({ ...request, files: [new g.File(['x'], 'credentials')] }),
        };
      },
      [secret, 'dropped notes.txt'] as const,
    );
    const refused = { ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/Only files dropped on the window/) } };
    expect(answers.oldPlanUpload).toBe('undefined');
    expect(answers.paths).toEqual(refused);
    expect(answers.pathsAsFiles).toEqual(refused);
    expect(answers.posingAsFile).toEqual(refused);
    expect(answers.madeFile).toEqual({ ok: true, value: { plan: null, notLocal: ['credentials'] } });
    // Nothing was planned, and nothing answered said whether the file exists.
    const replies = bridge.replies.slice(before).join('\n');
    expect(replies).not.toContain('planId');
    expect(replies).not.toContain(secret);
    expect(JSON.stringify(answers)).not.toMatch(/no longer there|could not be read|not-dropped/);
  });

  it('cancelling an upload aborts its multipart upload: no object and no open upload left', async () => {
    const source = localDir('big-upload');
    const file = join(source, 'large upload.bin');
    writeFileSync(file, randomBytes(40 * 1024 * 1024));
    stack.emulator.controls.faults.add({ operation: 'UploadPart', kind: 'latency', latencyMs: 1500 });
    desktop.uploadSources.push([file]);
    await page.click('[data-testid="action-upload-files"]');
    const start = page.locator('[data-testid="upload-start"]');
    if (await start.isVisible().catch(() => false)) await start.click();
    await waitForTransfer('large upload.bin', 'running');
    await screen('15-upload-running');
    await transfer('large upload.bin').locator('[data-testid="transfer-cancel"]').click();
    await waitForTransfer('large upload.bin', 'cancelled');
    // From the emulator's own state: the app's role may not list multipart uploads (DESIGN.md §4).
    await expect.poll(() => stack.emulator.uploads.list(PRIVATE_BUCKET, home), { timeout: 15_000 }).toEqual([]);
    await expect(s3().send(new HeadObjectCommand({ Bucket: PRIVATE_BUCKET, Key: `${home}large upload.bin` }))).rejects.toMatchObject({ name: 'NotFound' });
    await screen('16-upload-cancelled');
  });

  it('cancelling a download leaves no partial file behind', async () => {
    const into = localDir('download-cancelled');
    stack.emulator.controls.faults.add({ operation: 'GetObject', kind: 'latency', latencyMs: 4000 });
    desktop.downloadFolders.push(into);
    await row('welcome.txt').click();
    await page.click('[data-testid="action-download"]');
    await waitForTransfer('welcome.txt', 'running');
    await transfer('welcome.txt').first().locator('[data-testid="transfer-cancel"]').click();
    await waitForTransfer('welcome.txt', 'cancelled');
    await new Promise((r) => setTimeout(r, 300));
    expect(readdirSync(into)).toEqual([]);
  });

  it('creates a folder', async () => {
    await page.click('[data-testid="action-new-folder"]');
    await page.fill('[data-testid="new-folder-input"]', 'a/b');
    await page.click('[data-testid="new-folder-submit"]');
    await page.waitForSelector('[data-testid="new-folder-error"]');
    await page.fill('[data-testid="new-folder-input"]', 'Quarterly reports');
    await screen('17-new-folder');
    await page.click('[data-testid="new-folder-submit"]');
    await page.waitForSelector('[data-testid="object-row"][data-kind="folder"] >> text=Quarterly reports');
  });

  it('deletes a folder and a file after a confirmation that lists what will go, as a job in the transfers panel', async () => {
    await row('documents').click();
    await row('dropped notes.txt').click({ modifiers: ['Control'] });
    await page.click('[data-testid="action-delete"]');
    await page.waitForSelector('[data-testid="confirm-sample"] >> text=notes.md');
    expect(await page.innerText('[data-testid="confirm-summary"]')).toMatch(/2 objects/);
    await screen('18-delete-confirm');
    await page.click('[data-testid="confirm-accept"]');
    await page.waitForSelector('[data-testid="confirm-dialog"]', { state: 'detached' });
    const job = page.locator('[data-testid="transfer-item"][data-direction="delete"]');
    await page.waitForSelector('[data-testid="transfer-item"][data-direction="delete"][data-status="done"]', { timeout: 60_000 });
    expect(await job.getAttribute('aria-label')).toBe('Delete 2 items (2 objects)');
    expect(await job.locator('[data-testid="transfer-detail"]').innerText()).toBe('2 objects deleted');
    // The folder lists again once the job finishes: the deleted rows are gone.
    await expect.poll(async () => row('documents').count()).toBe(0);
    await expect.poll(async () => row('dropped notes.txt').count()).toBe(0);
    await screen('19-after-delete');
  });

  it('errors show in place, in plain words: an upload into the read-only library is refused', async () => {
    await goToBucket(SHARED_LABEL);
    await page.waitForSelector('[data-testid="object-table"] >> text=README.txt');
    const source = localDir('denied-upload');
    writeFileSync(join(source, 'not allowed.txt'), 'nope\n');
    desktop.uploadSources.push([join(source, 'not allowed.txt')]);
    await page.click('[data-testid="action-upload-files"]');
    const start = page.locator('[data-testid="upload-start"]');
    if (await start.isVisible().catch(() => false)) await start.click();
    await waitForTransfer('not allowed.txt', 'failed');
    expect(await transfer('not allowed.txt').innerText()).toMatch(/isn’t allowed|permission/i);
    await screen('20-upload-denied');
  });

  it('never let a token or AWS key reach the renderer (canary)', async () => {
    app.recordIssuedSecrets();
    expect([...app.secrets.values()]).toEqual(expect.arrayContaining(['OpenID token', 'refresh token', 'AWS credential or OpenID token']));
    expect(bridge.events.length).toBeGreaterThan(100);
    expect(await app.leaks()).toEqual([]);
    expect(bridge.untrustedCalls).toBe(0);
  });
});
