import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { Page } from 'playwright-core';
import { PRIVATE_BUCKET } from '../../devstack/seed';
import type { RunningStack } from '../../devstack/stack';
import type { Services } from '../../main/create-services';
import { putDirect } from '../devstack/direct-objects';
import type { BridgeRecord } from './harness/desk-api-bridge';
import { startE2eApp, type E2eApp } from './harness/e2e-app';

/**
 * Restoring archived objects end to end: the real renderer in Debian's
 * Chromium, window.api backed by the real handlers and services, against the
 * real local stack, whose RestoreObject answers as S3 does and takes its
 * restore delay (set through the stack's controls) on its own clock. The
 * archived objects are put into the demo user's home straight into the
 * emulator's store, as the stack seeds its library's archived objects (the
 * role may write only STANDARD-like objects there through the app anyway).
 */
const haveChromium = existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
/** Generous: on a machine with both cores busy a listing or a job can take many seconds. */
const SLOW = { timeout: 60_000 };
/**
 * How long a restore takes on the emulator's clock: long enough that "in
 * progress" is still true however slow this machine is, short enough that
 * moving the emulator's clock past it stays within SigV4's allowed skew.
 */
const RESTORE_DELAY_SECONDS = 120;

const ARCHIVED = { name: 'backup-2019.tar', body: 'The bytes of an archived backup.\n' };
const DEEP_FOLDER = 'cold-storage';
const DEEP = { name: 'backup-2012.tar', body: 'Deeply archived bytes.\n' };

describe.runIf(haveChromium || process.env.CI)('S3 Desk end to end: restore from archive', () => {
  let app: E2eApp;
  let scratch: string;
  let stack: RunningStack;
  let services: Services;
  let page: Page;
  let bridge: BridgeRecord;
  let home: string;
  let desktop: E2eApp['desktop'];

  const screen = (name: string) => app.screen(name);
  const grid = () => page.getByRole('grid');
  const row = (name: string) => grid().getByRole('row').filter({ has: page.getByText(name, { exact: true }) });
  const details = () => page.getByRole('complementary', { name: 'Details' });
  const restoreField = () => details().getByTestId('details-field-restore');
  /** x-amz-restore as S3 (the stack) sends it on a HEAD of the key. */
  const restoreHeader = async (key: string) =>
    (await services.clients.client().s3.send(new HeadObjectCommand({ Bucket: PRIVATE_BUCKET, Key: key }))).Restore;

  beforeAll(async () => {
    app = await startE2eApp({
      name: 'restore',
      screenshotPrefix: 'restore-',
      defaultTimeout: SLOW.timeout,
      seed: async (seeded, homePrefix) => {
        seeded.emulator.controls.setRestoreDelaySeconds(RESTORE_DELAY_SECONDS);
        await putDirect(seeded.emulator, { bucket: PRIVATE_BUCKET, key: `${homePrefix}${ARCHIVED.name}`, body: ARCHIVED.body, storageClass: 'GLACIER', contentType: 'application/x-tar' });
        await putDirect(seeded.emulator, { bucket: PRIVATE_BUCKET, key: `${homePrefix}${DEEP_FOLDER}/${DEEP.name}`, body: DEEP.body, storageClass: 'DEEP_ARCHIVE', contentType: 'application/x-tar' });
        await putDirect(seeded.emulator, { bucket: PRIVATE_BUCKET, key: `${homePrefix}${DEEP_FOLDER}/index.txt`, body: 'What is in the cold storage.\n', contentType: 'text/plain' });
      },
      signIn: true,
    });
    ({ scratch, stack, services, page, bridge, home, desktop } = app);
    await row(ARCHIVED.name).waitFor(SLOW);
  }, 180_000);

  afterEach(async (context) => {
    await app?.reportFailureIf(context.task);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('restores an archived file from its details: days and tier chosen, in progress, then restored until a date, then downloadable', async () => {
    const key = `${home}${ARCHIVED.name}`;
    await row(ARCHIVED.name).dblclick();
    await restoreField().getByText('Archived — restore it before downloading or previewing').waitFor(SLOW);

    await details().getByRole('button', { name: 'Restore…' }).click();
    const dialog = page.getByRole('dialog', { name: `Restore “${ARCHIVED.name}” from archive` });
    const days = dialog.getByRole('spinbutton', { name: 'Keep the restored copy for (days)' });
    await days.fill('3');
    await dialog.getByRole('radio', { name: /^Bulk/ }).check();
    await dialog.getByText('Ready in 5–12 hours.').waitFor();
    await screen('01-dialog');
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
    await dialog.waitFor({ state: 'detached', ...SLOW });

    await restoreField().getByText('Restore in progress').waitFor(SLOW);
    expect(await restoreHeader(key)).toBe('ongoing-request="true"');
    await expect.poll(() => details().getByRole('button', { name: 'Restore…' }).isDisabled()).toBe(true);
    await screen('02-in-progress');

    // The restore's time passes on the stack's clock; "Check again" asks S3 where it stands.
    stack.emulator.controls.clock.setOffsetSeconds(RESTORE_DELAY_SECONDS + 1);
    await details().getByRole('button', { name: 'Check again' }).click();
    await restoreField().getByText(/^Restored until /).waitFor(SLOW);
    expect(await restoreHeader(key)).toMatch(/^ongoing-request="false", expiry-date=".+ GMT"$/);
    await details().getByRole('button', { name: 'Extend restore…' }).waitFor();
    await screen('03-restored');

    const into = join(scratch, 'downloads');
    mkdirSync(into, { recursive: true });
    desktop.downloadFolders.push(into);
    await row(ARCHIVED.name).click();
    await page.getByTestId('action-download').click();
    // The listing still says GLACIER, so the download is confirmed; the count (a HEAD) knows it is restored: nothing skipped.
    const confirm = page.getByRole('dialog', { name: `Download “${ARCHIVED.name}”?` });
    await confirm.getByText(/^1 object, .+ in total\.$/).waitFor(SLOW);
    expect(await confirm.getByTestId('confirm-archived').count()).toBe(0);
    await confirm.getByRole('button', { name: 'Download…' }).click();
    await page.locator(`[data-testid="transfer-item"][data-status="done"]:has-text(${JSON.stringify(ARCHIVED.name)})`).waitFor(SLOW);
    expect(readFileSync(join(into, ARCHIVED.name), 'utf8')).toBe(ARCHIVED.body);
  });

  it('a folder download that would skip an archived object offers to restore it; Deep Archive has no Expedited tier', async () => {
    await row(DEEP_FOLDER).click();
    await page.getByTestId('action-download').click();
    const confirm = page.getByRole('dialog', { name: `Download “${DEEP_FOLDER}”?` });
    await confirm.getByTestId('confirm-archived').getByText('1 object (23 bytes) will be skipped').waitFor(SLOW);
    await confirm.getByRole('button', { name: 'Restore it…' }).click();

    const dialog = page.getByRole('dialog', { name: `Restore “${DEEP_FOLDER}” from archive` });
    expect(await dialog.getByRole('radio', { name: /^Expedited/ }).isDisabled()).toBe(true);
    await dialog.getByText('Not available for Glacier Deep Archive.').waitFor();
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
    await dialog.getByText('Restore started for 1 object.').waitFor(SLOW);
    await dialog.getByText('1 object isn’t archived, so it needs no restore.').waitFor();
    await screen('04-folder-restore-started');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await restoreHeader(`${home}${DEEP_FOLDER}/${DEEP.name}`)).toBe('ongoing-request="true"');
  });

  it('never let a token or AWS key reach the renderer (canary)', async () => {
    app.recordIssuedSecrets();
    expect([...app.secrets.values()]).toEqual(expect.arrayContaining(['OpenID token', 'refresh token', 'AWS credential or OpenID token']));
    expect(await app.leaks()).toEqual([]);
    expect(bridge.untrustedCalls).toBe(0);
  });
});
