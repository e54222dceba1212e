import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Locator, Page } from 'playwright-core';
import { PRIVATE_BUCKET, PRIVATE_LABEL, SHARED_BUCKET, SHARED_LABEL, SHARED_PREFIX } from '../../devstack/seed';
import type { RunningStack } from '../../devstack/stack';
import type { Services } from '../../main/create-services';
import { md5Etag, putDirect } from '../devstack/direct-objects';
import type { BridgeRecord } from './harness/desk-api-bridge';
import { startE2eApp, type E2eApp } from './harness/e2e-app';

/**
 * Rename, copy, cut and paste, and moves by drag, end to end: the real
 * renderer in Debian's Chromium, window.api backed by the real handlers and services (the copy
 * service in main/operations/), against the real local stack. What S3 holds
 * afterwards is read back through the stack: the emulator's own store for
 * what is gone, the signed-in S3 client for bytes and content types. Every
 * screenshot also runs axe-core on the screen (captureScreen).
 */
const haveChromium = existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
/** Generous: on a machine with both cores busy a job or a listing can take many seconds. */
const SLOW = { timeout: 60_000 };

/** A file the rename step renames: a content type S3 would not guess, to prove the move keeps it. */
const DRAFT = { name: 'ops-draft.md', body: '# Draft\n\nRenamed by the file-operations E2E test.\n', contentType: 'text/markdown' };
/** The operations that would act on S3: a refused name must reach none of them. */
const COPY_OPERATIONS = new Set(['planRename', 'planCopy', 'startCopy']);

describe.runIf(haveChromium || process.env.CI)('S3 Desk end to end: rename, copy, cut and paste', () => {
  let app: E2eApp;
  let stack: RunningStack;
  let services: Services;
  let page: Page;
  let bridge: BridgeRecord;
  let home: string;
  /** Every window.api operation the page called, in order. */
  let calls: string[];

  const screen = (name: string) => app.screen(name);
  const s3 = () => services.clients.client().s3;
  const objectText = async (bucket: string, key: string) => {
    const reply = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return { body: await reply.Body!.transformToString(), contentType: reply.ContentType };
  };
  /** Whether the emulator holds the key: straight from its store, whatever the role may list. */
  const stored = (bucket: string, key: string) => stack.emulator.objects.get(bucket, key) !== undefined;
  const keysUnder = (bucket: string, prefix: string) =>
    stack.emulator.objects.list(bucket, { prefix, delimiter: '', maxKeys: 1000, after: '' }).objects.map((object) => object.key);

  const grid = () => page.getByRole('grid');
  const row = (name: string) => grid().getByRole('row').filter({ has: page.getByText(name, { exact: true }) });
  const breadcrumb = () => page.getByRole('navigation', { name: 'Folder path' });
  const goToBucket = async (label: string, expectedRow: string) => {
    await page.getByRole('navigation', { name: 'Buckets' }).getByRole('button', { name: label }).click();
    await breadcrumb().getByText(label, { exact: true }).waitFor(SLOW);
    await row(expectedRow).waitFor(SLOW);
  };
  const openFolder = async (name: string) => {
    await row(name).dblclick();
    await breadcrumb().getByText(name, { exact: true }).waitFor(SLOW);
  };
  /** The job's entry in the transfers panel, by its accessible name ("Move a.txt → b.txt", "Copy README.txt"). */
  const job = (name: string) => page.getByRole('region', { name: 'Transfers' }).getByRole('listitem', { name, exact: true });
  const jobFinished = async (item: Locator) => {
    await item.waitFor({ state: 'attached', ...SLOW });
    // 'failed' or 'cancelled' would stay put: the poll then reports the status it last saw.
    await expect.poll(() => item.getAttribute('data-status'), SLOW).toBe('done');
  };

  /**
   * Drags `source` onto `target` with the mouse, as a person would: Chromium runs the page's HTML5 drag
   * and drop for real. `whileOver` runs with the pointer held over the target, before the drop.
   */
  const dragOnto = async (source: Locator, target: Locator, whileOver?: () => Promise<void>) => {
    await source.hover();
    await page.mouse.down();
    const box = (await target.boundingBox())!;
    const x = box.x + box.width / 4;
    const y = box.y + box.height / 2;
    // The first moves start the drag; the last is a dragover on the target.
    await page.mouse.move(x, y, { steps: 8 });
    await page.mouse.move(x + 4, y);
    await whileOver?.();
    await page.mouse.up();
  };

  beforeAll(async () => {
    app = await startE2eApp({
      name: 'ops',
      screenshotPrefix: 'ops-',
      defaultTimeout: SLOW.timeout,
      // In the home folder before the app first lists it.
      seed: async (seeded, homePrefix) => {
        await putDirect(seeded.emulator, { bucket: PRIVATE_BUCKET, key: `${homePrefix}${DRAFT.name}`, body: DRAFT.body, contentType: DRAFT.contentType });
      },
      signIn: true,
    });
    ({ stack, services, page, bridge, home, calls } = app);
    await row('welcome.txt').waitFor(SLOW);
    await row(DRAFT.name).waitFor(SLOW);
  }, 180_000);

  afterEach(async (context) => {
    await app?.reportFailureIf(context.task);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('renames a file with F2: the name without its extension is selected, Enter renames, S3 has the new key with the same bytes and type', async () => {
    const renamed = 'renamed draft.md';
    await row(DRAFT.name).click();
    await page.keyboard.press('F2');
    const dialog = page.getByRole('dialog', { name: `Rename file “${DRAFT.name}”` });
    const input = dialog.getByRole('textbox', { name: 'New name' });
    await input.waitFor();
    // Only the stem is selected: typing keeps ".md".
    await page.keyboard.type('renamed draft');
    expect(await input.inputValue()).toBe(renamed);
    await screen('01-rename-dialog');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });

    await jobFinished(job(`Move ${DRAFT.name} → ${renamed}`));
    await row(renamed).waitFor(SLOW);
    await expect.poll(() => row(DRAFT.name).count(), SLOW).toBe(0);

    expect(await objectText(PRIVATE_BUCKET, `${home}${renamed}`)).toEqual({ body: DRAFT.body, contentType: DRAFT.contentType });
    expect(stored(PRIVATE_BUCKET, `${home}${DRAFT.name}`)).toBe(false);
    await screen('02-renamed');
  });

  it('refuses a name with "/" in the dialog, and asks main nothing', async () => {
    const before = calls.length;
    await row('welcome.txt').click();
    await page.keyboard.press('F2');
    const dialog = page.getByRole('dialog', { name: 'Rename file “welcome.txt”' });
    const input = dialog.getByRole('textbox', { name: 'New name' });
    await input.fill('notes/welcome.txt');
    await input.press('Enter');
    await dialog.getByText('A name cannot contain "/".', { exact: true }).waitFor();
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    // The button refuses it too, and the dialog stays open with the name as typed.
    await dialog.getByRole('button', { name: 'Rename', exact: true }).click();
    expect(await input.inputValue()).toBe('notes/welcome.txt');
    await screen('03-rename-refused');

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(calls.slice(before).filter((name) => COPY_OPERATIONS.has(name))).toEqual([]);
    // The record is not blind: the rename before this one went through it.
    expect(calls.slice(0, before)).toEqual(expect.arrayContaining(['planRename', 'startCopy']));
    expect(stored(PRIVATE_BUCKET, `${home}welcome.txt`)).toBe(true);
    expect(keysUnder(PRIVATE_BUCKET, `${home}notes/`)).toEqual([]);
  });

  it('copies a file from the Team library into My files: Ctrl+C, then Paste from the folder’s menu, after a plan summary', async () => {
    const sourceKey = `${SHARED_PREFIX}README.txt`;
    const source = await objectText(SHARED_BUCKET, sourceKey);
    await goToBucket(SHARED_LABEL, 'README.txt');
    await row('README.txt').click();
    await page.keyboard.press('Control+c');
    await page.getByRole('status').getByText('Copied “README.txt”').waitFor();

    await goToBucket(PRIVATE_LABEL, 'welcome.txt');
    // Below the rows: the folder's own menu, not a row's.
    const list = page.getByTestId('drop-zone');
    const box = (await list.boundingBox())!;
    await list.click({ button: 'right', position: { x: box.width / 2, y: box.height - 20 } });
    await page.getByRole('menu', { name: 'Folder actions' }).getByRole('menuitem', { name: 'Paste' }).click();

    const dialog = page.getByRole('dialog', { name: 'Copy “README.txt” to My files?' });
    await dialog.getByText(/^Copy 1 object \(.+\) to My files\.$/).waitFor(SLOW);
    await screen('04-copy-plan');
    await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    await jobFinished(job('Copy README.txt'));
    await row('README.txt').waitFor(SLOW);
    expect(await objectText(PRIVATE_BUCKET, `${home}README.txt`)).toEqual(source);
    // A copy leaves its source where it was.
    expect(stored(SHARED_BUCKET, sourceKey)).toBe(true);
    await screen('05-copied');
  });

  it('moves a file into a folder holding one of the same name: Ctrl+X, Ctrl+V, the clash listed, Keep both', async () => {
    const name = 'plan.txt';
    const moved = 'the one moved\n';
    const there = 'the one already there\n';
    for (const [folder, body] of [['ops-from/', moved], ['ops-to/', there]] as const) {
      await s3().send(new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: `${home}${folder}${name}`, Body: body, ContentType: 'text/plain' }));
    }
    await page.getByRole('button', { name: 'Refresh' }).click();
    await row('ops-from').waitFor(SLOW);

    await openFolder('ops-from');
    await row(name).click();
    await page.keyboard.press('Control+x');
    await page.getByRole('status').getByText(`Cut “${name}”`).waitFor();
    // Dimmed until pasted, and said so to screen readers.
    expect(await row(name).getAttribute('data-cut')).toBe('true');
    const cutNote = await row(name).getAttribute('aria-describedby');
    expect(await page.locator(`[id="${cutNote}"]`).textContent()).toBe('Cut: paste to move it');
    await page.getByRole('button', { name: 'Enclosing folder' }).click();
    await openFolder('ops-to');
    await row(name).click();
    await page.keyboard.press('Control+v');

    const dialog = page.getByRole('dialog', { name: `Move “${name}” to My files › ops-to?` });
    await dialog.getByText('1 item with the same name is already there:').waitFor(SLOW);
    expect(await dialog.getByRole('listitem').allInnerTexts()).toEqual([name]);
    await screen('06-move-clash');
    await dialog.getByRole('button', { name: 'Keep both' }).click();
    await dialog.waitFor({ state: 'detached' });

    // main/operations/copy-keys.ts numberedKey: "name (n).ext" beside "name.ext".
    const kept = 'plan (1).txt';
    await jobFinished(job(`Move ${name}`));
    await row(kept).waitFor(SLOW);
    await row(name).waitFor();
    expect((await objectText(PRIVATE_BUCKET, `${home}ops-to/${kept}`)).body).toBe(moved);
    expect((await objectText(PRIVATE_BUCKET, `${home}ops-to/${name}`)).body).toBe(there);
    expect(keysUnder(PRIVATE_BUCKET, `${home}ops-to/`).sort()).toEqual([`${home}ops-to/${kept}`, `${home}ops-to/${name}`]);
    // Moved: nothing is left where it came from.
    expect(keysUnder(PRIVATE_BUCKET, `${home}ops-from/`)).toEqual([]);
    await screen('07-moved-kept-both');
  });

  it('moves a file by dragging it onto a folder row: the row lights up, the same plan dialog confirms, S3 has it there and not here', async () => {
    const name = 'drag-me.txt';
    const body = 'moved by dragging\n';
    await s3().send(new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: `${home}${name}`, Body: body, ContentType: 'text/plain' }));
    await s3().send(new PutObjectCommand({ Bucket: PRIVATE_BUCKET, Key: `${home}drag-into/already.txt`, Body: 'x', ContentType: 'text/plain' }));
    await goToBucket(PRIVATE_LABEL, 'welcome.txt');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await row(name).waitFor(SLOW);
    await row('drag-into').waitFor(SLOW);

    await dragOnto(row(name), row('drag-into'), async () => {
      await expect.poll(() => row('drag-into').getAttribute('class')).toMatch(/drop-target/);
      await page.getByTestId('move-hint').getByText('Move to drag-into').waitFor();
      await screen('08-move-drag');
    });

    const dialog = page.getByRole('dialog', { name: `Move “${name}” to My files › drag-into?` });
    await dialog.getByText(/^Move 1 object \(.+\) to My files › drag-into\.$/).waitFor(SLOW);
    await dialog.getByRole('button', { name: 'Move', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    await jobFinished(job(`Move ${name}`));
    await expect.poll(() => row(name).count(), SLOW).toBe(0);
    expect(await objectText(PRIVATE_BUCKET, `${home}drag-into/${name}`)).toEqual({ body, contentType: 'text/plain' });
    expect(stored(PRIVATE_BUCKET, `${home}${name}`)).toBe(false);
    await openFolder('drag-into');
    await row(name).waitFor(SLOW);
    await screen('09-moved-by-drag');
    await page.getByRole('button', { name: 'Enclosing folder' }).click();
    await row('drag-into').waitFor(SLOW);
  });

  it('a folder move cancelled half-way in the transfers panel leaves every object at its source or its destination, none lost', async () => {
    const count = 40;
    const names = Array.from({ length: count }, (_, index) => `part-${String(index).padStart(2, '0')}.txt`);
    const bodyOf = (file: string) => `${file}: the bytes of this object\n`;
    for (const file of names) await putDirect(stack.emulator, { bucket: PRIVATE_BUCKET, key: `${home}move-me/${file}`, body: bodyOf(file) });
    await putDirect(stack.emulator, { bucket: PRIVATE_BUCKET, key: `${home}move-here/readme.txt`, body: 'the destination\n' });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await row('move-me').waitFor(SLOW);
    await row('move-here').waitFor(SLOW);
    const source = (file: string) => `${home}move-me/${file}`;
    const destination = (file: string) => `${home}move-here/move-me/${file}`;

    // Each copy waits on the emulator, so the job is still copying when the cancel arrives: eight at a time, the first eight land together.
    stack.emulator.controls.faults.add({ operation: 'CopyObject', kind: 'latency', latencyMs: 3000 });
    try {
      await dragOnto(row('move-me'), row('move-here'));
      const dialog = page.getByRole('dialog', { name: 'Move “move-me” to My files › move-here?' });
      await dialog.getByText(/^Move 40 objects \(.+\) to My files › move-here\.$/).waitFor(SLOW);
      await dialog.getByRole('button', { name: 'Move', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });

      const item = job('Move move-me (40 files)');
      await item.waitFor(SLOW);
      await expect.poll(() => names.some((file) => stored(PRIVATE_BUCKET, destination(file))), SLOW).toBe(true);
      await page.getByRole('button', { name: 'Cancel move-me (40 files)' }).click();
      await expect.poll(() => item.getAttribute('data-status'), SLOW).toBe('cancelled');
      await screen('10-move-cancelled');
    } finally {
      stack.emulator.controls.faults.clear();
    }

    // Copies already sent when the cancel came still finish (copy, verify, delete) while the job shows
    // cancelled, so S3 is read in one synchronous pass over the emulator's store: a moment's consistent picture.
    const etagOf = (key: string) => stack.emulator.objects.get(PRIVATE_BUCKET, key)?.etag;
    const picture = names.map((file) => ({ file, at: { source: etagOf(source(file)), destination: etagOf(destination(file)) } }));
    // Nothing lost: each object is where it was, where it went, or (copied, its source not yet deleted) both.
    expect(picture.filter(({ at }) => at.source === undefined && at.destination === undefined)).toEqual([]);
    // Whole wherever it is: the same bytes as the original (a single-part copy keeps its MD5 ETag).
    for (const { file, at } of picture) {
      for (const etag of [at.source, at.destination]) if (etag !== undefined) expect(etag).toBe(md5Etag(bodyOf(file)));
    }
    expect(picture.filter(({ at }) => at.destination !== undefined).length).toBeGreaterThan(0);
    // Cancelled before the end: no new object starts after a cancel, so some never went.
    expect(picture.filter(({ at }) => at.destination === undefined).length).toBeGreaterThan(0);
  });

  it('never let a token or AWS key reach the renderer (canary)', async () => {
    app.recordIssuedSecrets();
    expect([...app.secrets.values()]).toEqual(expect.arrayContaining(['OpenID token', 'refresh token', 'AWS credential or OpenID token']));
    expect(bridge.events.length).toBeGreaterThan(5);
    expect(await app.leaks()).toEqual([]);
    expect(bridge.untrustedCalls).toBe(0);
  });
});
