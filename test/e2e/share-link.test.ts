import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Locator, Page } from 'playwright-core';
import { PRIVATE_BUCKET, SHARED_LABEL } from '../../devstack/seed';
import type { RunningStack } from '../../devstack/stack';
import { putDirect } from '../devstack/direct-objects';
import type { BridgeRecord } from './harness/desk-api-bridge';
import { startE2eApp, type E2eApp } from './harness/e2e-app';

/**
 * Share links end to end: the real renderer in Debian's Chromium, window.api
 * backed by the real handlers and services, against the real local stack.
 * The link is read where main put it (the scripted desktop's clipboard, in
 * Node) and fetched with curl, as the person it is sent to would: no
 * credentials, only the link. The stack's S3 checks X-Amz-Expires on its own
 * clock, which the test moves past the expiry instead of waiting for it.
 */
const haveChromium = existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
/** Generous: on a machine with both cores busy a listing can take many seconds. */
const SLOW = { timeout: 60_000 };
const run = promisify(execFile);

/** A file to share, with bytes that only it has. */
const SHARED_FILE = { name: 'quarterly plan.txt', body: 'Q3: ship share links.\nEvery byte of this file must arrive intact.\n' };

describe.runIf(haveChromium || process.env.CI)('S3 Desk end to end: share link', () => {
  let app: E2eApp;
  let scratch: string;
  let stack: RunningStack;
  let page: Page;
  let bridge: BridgeRecord;
  let desktop: E2eApp['desktop'];
  /** Every link main put on the clipboard, for the canary. */
  const links: string[] = [];

  const screen = (name: string) => app.screen(name);
  /** The link main just copied: a new one, never the one before. */
  const copiedLink = () => {
    const link = desktop.clipboard.text;
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(links).not.toContain(link);
    links.push(link!);
    return link!;
  };
  /** What curl gets for the link: its status and the bytes, with no credentials but the link. */
  const curl = async (link: string) => {
    const out = join(scratch, `curl-${Date.now()}`);
    const { stdout } = await run('curl', ['--silent', '--show-error', '--globoff', '--output', out, '--write-out', '%{http_code}', link]);
    return { status: Number(stdout), body: readFileSync(out) };
  };
  const moveStackClock = (seconds: number) => stack.emulator.controls.clock.setOffsetSeconds(seconds);
  const hasFocus = (locator: Locator) => locator.evaluate((element) => element === element.ownerDocument.activeElement);

  const grid = () => page.getByRole('grid');
  const row = (name: string) => grid().getByRole('row').filter({ has: page.getByText(name, { exact: true }) });
  const breadcrumb = () => page.getByRole('navigation', { name: 'Folder path' });
  const shareDialog = (name: string) => page.getByRole('dialog', { name: `Share “${name}”` });
  const shareFromMenu = async (name: string) => {
    await row(name).click();
    await row(name).click({ button: 'right' });
    await page.getByRole('menu', { name: 'Actions' }).getByRole('menuitem', { name: 'Share link…' }).click();
    return shareDialog(name);
  };

  beforeAll(async () => {
    app = await startE2eApp({
      name: 'share',
      screenshotPrefix: 'share-',
      defaultTimeout: SLOW.timeout,
      seed: async (seeded, homePrefix) => {
        await putDirect(seeded.emulator, { bucket: PRIVATE_BUCKET, key: `${homePrefix}${SHARED_FILE.name}`, body: SHARED_FILE.body, contentType: 'text/plain' });
      },
      signIn: true,
    });
    ({ scratch, stack, page, bridge, desktop } = app);
    await row(SHARED_FILE.name).waitFor(SLOW);
  }, 180_000);

  afterEach(async (context) => {
    moveStackClock(0);
    await app?.reportFailureIf(context.task);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('copies a 15-minute link from the context menu, by keyboard; curl downloads the file with it until then, and not after', async () => {
    const dialog = await shareFromMenu(SHARED_FILE.name);
    const hour = dialog.getByRole('radio', { name: '1 hour' });
    await hour.waitFor();
    expect(await hour.isChecked()).toBe(true);
    await expect.poll(() => hasFocus(hour)).toBe(true);
    await dialog.getByText(/stops working when they expire/).waitFor();
    // The choices are a radio group: an arrow key picks the one before, Enter copies.
    await page.keyboard.press('ArrowLeft');
    expect(await dialog.getByRole('radio', { name: '15 minutes' }).isChecked()).toBe(true);
    await screen('01-dialog');

    await page.keyboard.press('Enter');
    await dialog.getByRole('status').getByText(/^Link copied\. It works until .+\.$/).waitFor(SLOW);
    expect(await dialog.getByTestId('share-capped').count()).toBe(0);
    // Focus went to Done, so Enter closes it.
    await expect.poll(() => hasFocus(dialog.getByRole('button', { name: 'Done' }))).toBe(true);
    await screen('02-copied');

    const link = copiedLink();
    expect(new URL(link).searchParams.get('X-Amz-Expires')).toBe('900');
    const reply = bridge.replies.map((text) => JSON.parse(text) as { ok: boolean; value?: { capped?: unknown } }).findLast((r) => r.ok && r.value?.capped !== undefined);
    expect(reply?.value).toEqual({ expiresAt: expect.any(String), capped: false });

    const now = await curl(link);
    expect(now.status).toBe(200);
    expect(now.body.equals(Buffer.from(SHARED_FILE.body))).toBe(true);

    moveStackClock(14 * 60);
    expect((await curl(link)).status).toBe(200);
    moveStackClock(15 * 60 + 2);
    const late = await curl(link);
    expect(late.status).toBe(403);
    expect(late.body.toString()).toContain('Request has expired');

    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
  });

  it('asked for 7 days from the details pane, the link lives as long as the session’s credentials, and the dialog says why', async () => {
    await row(SHARED_FILE.name).click();
    await page.getByRole('complementary', { name: 'Details' }).getByRole('button', { name: 'Share link…' }).click();
    const dialog = shareDialog(SHARED_FILE.name);
    await dialog.getByRole('radio', { name: '7 days' }).check();
    await dialog.getByRole('button', { name: 'Copy link' }).click();
    await dialog
      .getByText('That’s sooner than the 7 days you chose: the link is signed with this session’s temporary AWS credentials, and stops working when they expire.')
      .waitFor(SLOW);
    await expect.poll(() => hasFocus(dialog.getByRole('button', { name: 'Done' }))).toBe(true);
    await screen('03-capped');

    const link = copiedLink();
    // The stack's credentials last an hour: the link is signed for what is left of them.
    expect(Number(new URL(link).searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(3600);
    const now = await curl(link);
    expect(now.status).toBe(200);
    expect(now.body.equals(Buffer.from(SHARED_FILE.body))).toBe(true);

    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('refuses an archived file in the dialog, with nothing on the clipboard', async () => {
    const before = desktop.clipboard.text;
    await page.getByRole('navigation', { name: 'Buckets' }).getByRole('button', { name: SHARED_LABEL }).click();
    await row('archive').dblclick(SLOW);
    await breadcrumb().getByText('archive', { exact: true }).waitFor(SLOW);
    const dialog = await shareFromMenu('2019-backup.tar');
    await dialog.getByRole('button', { name: 'Copy link' }).click();
    await dialog.getByRole('alert').getByText(/is archived, so a link to it would not work\. Restore it first/).waitFor(SLOW);
    await screen('04-archived');
    expect(desktop.clipboard.text).toBe(before);

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('never let a link, a token or an AWS key reach the renderer (canary)', async () => {
    app.recordIssuedSecrets();
    const { secrets } = app;
    expect(links).toHaveLength(2);
    for (const link of links) {
      const query = new URL(link).searchParams;
      secrets.set(link, 'a share link');
      secrets.set(query.get('X-Amz-Signature')!, 'a share link’s signature');
      // As it appears in the link: percent-encoded, unlike the token the emulator issued.
      secrets.set(link.slice(link.indexOf('X-Amz-Security-Token=')).split('&')[0]!, 'a share link’s session token');
    }
    expect([...secrets.values()]).toEqual(expect.arrayContaining(['OpenID token', 'refresh token', 'AWS credential or OpenID token', 'a share link']));
    // The record is not blind: the replies to the share links went through it.
    expect(bridge.replies.filter((reply) => reply.includes('"capped":'))).toHaveLength(2);
    expect(await app.leaks()).toEqual([]);
    expect(bridge.untrustedCalls).toBe(0);
  });
});
