// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BucketEntry } from '../../../../common/ipc';
import { breadcrumb, browse, lastListed, rowNames } from '../../helpers/browse';
import { file, folder, ok, signedIn, uploadPlan } from '../../helpers/fake-api';

afterEach(cleanup);

/** The fake session's identity: its home prefix must never be shown as such. */
const ID = signedIn().identityId;
const HOME = `${ID}/`;

const sidebar = () => within(screen.getByTestId('bucket-list'));
const sidebarRows = () => screen.getAllByTestId('bucket-item').map((item) => item.textContent);
const breadcrumbLabels = () => [...screen.getByTestId('breadcrumb').querySelectorAll('.breadcrumb__label')].map((label) => label.textContent);

/** Everything a person reads or a screen reader announces: text, window title, tooltips and accessible names. */
function everythingShown(): string {
  const attributes = [...document.querySelectorAll('[aria-label], [title]')].flatMap((element) => [
    element.getAttribute('aria-label') ?? '',
    element.getAttribute('title') ?? '',
  ]);
  return [document.title, document.body.textContent ?? '', ...attributes].join('\n');
}

const home: BucketEntry = { name: 'desk-private', prefix: HOME, source: 'session' };
const shared: BucketEntry = { name: 'desk-shared', prefix: 'library/', source: 'session' };
const tree = {
  [`desk-private/${HOME}`]: { folders: [folder(`${HOME}photos/`)], objects: [file(`${HOME}welcome.txt`)] },
  [`desk-private/${HOME}photos/`]: { objects: [file(`${HOME}photos/cat.png`)] },
  'desk-shared/library/': { objects: [file('library/guide.pdf')] },
};

describe('a home prefix without a label', () => {
  it('is "Home" in the sidebar, the breadcrumb, the window title and the list’s name, never the IdentityId', async () => {
    browse(tree, [home, shared]);
    await waitFor(() => expect(rowNames()).toEqual(['photos', 'welcome.txt']));

    expect(sidebarRows()).toEqual(['desk-privateHome', 'desk-sharedlibrary/']);
    expect(screen.getAllByTestId('bucket-item')[0]?.getAttribute('title')).toBe('Your home folder in desk-private');
    expect(breadcrumbLabels()).toEqual(['desk-private', 'Home']);
    expect(breadcrumb().getByText('Home').closest('[aria-current="page"]')).toBeTruthy();
    expect(document.title).toBe('Home — S3 Desk');
    expect(screen.getByRole('region', { name: 'Contents of Home' })).toBeTruthy();
    expect(screen.getByRole('grid', { name: 'Contents of Home' })).toBeTruthy();
    expect(everythingShown()).not.toContain(ID);
  });

  it('is a "Home" button in the breadcrumb of a folder inside it, and leads back there', async () => {
    browse(tree, [home, shared]);
    await waitFor(() => expect(rowNames()).toEqual(['photos', 'welcome.txt']));

    fireEvent.doubleClick(screen.getByText('photos'));
    await waitFor(() => expect(rowNames()).toEqual(['cat.png']));
    expect(breadcrumbLabels()).toEqual(['desk-private', 'Home', 'photos']);
    expect(document.title).toBe('photos — S3 Desk');

    fireEvent.click(breadcrumb().getByRole('button', { name: 'Home' }));
    await waitFor(() => expect(rowNames()).toEqual(['photos', 'welcome.txt']));
    expect(breadcrumbLabels()).toEqual(['desk-private', 'Home']);
  });

  it('is named "Home" when a listing there fails', async () => {
    browse({ [`desk-private/${HOME}`]: { error: { code: 'access_denied', message: 'Access Denied' } } }, [home]);
    const notice = await screen.findByTestId('listing-error');
    expect(notice.textContent).toContain('isn’t allowed to list Home.');
    expect(everythingShown()).not.toContain(ID);
  });
});

describe('bucket entries with labels', () => {
  const labelled = [
    { ...home, label: 'My files' },
    { ...shared, label: 'Team library' },
  ];

  it('show the label in the sidebar (the bucket below it) and as the breadcrumb’s root', async () => {
    browse(tree, labelled);
    await waitFor(() => expect(rowNames()).toEqual(['photos', 'welcome.txt']));

    expect(sidebarRows()).toEqual(['My filesdesk-private', 'Team librarydesk-shared/library/']);
    expect(breadcrumbLabels()).toEqual(['My files']);
    expect(document.title).toBe('My files — S3 Desk');
    expect(screen.getByRole('grid', { name: 'Contents of My files' })).toBeTruthy();
    expect(everythingShown()).not.toContain(ID);

    fireEvent.doubleClick(screen.getByText('photos'));
    await waitFor(() => expect(rowNames()).toEqual(['cat.png']));
    expect(breadcrumbLabels()).toEqual(['My files', 'photos']);
    expect(breadcrumb().getByRole('button', { name: 'My files' })).toBeTruthy();
  });

  it('open from the sidebar by their label', async () => {
    const fake = browse(tree, labelled);
    await waitFor(() => expect(rowNames()).toEqual(['photos', 'welcome.txt']));

    fireEvent.click(sidebar().getByText('Team library'));

    await waitFor(() => expect(rowNames()).toEqual(['guide.pdf']));
    expect(lastListed(fake)).toBe('desk-shared/library/');
    expect(sidebar().getByText('Team library').closest('button')?.getAttribute('aria-current')).toBe('true');
    expect(breadcrumbLabels()).toEqual(['Team library']);
    expect(document.title).toBe('Team library — S3 Desk');
  });

  it('name where an upload goes', async () => {
    const fake = browse(tree, labelled);
    await waitFor(() => expect(rowNames()).toEqual(['photos', 'welcome.txt']));
    fake.api.pickUpload.mockResolvedValue(
      ok(uploadPlan({ bucket: 'desk-private', prefix: HOME, fileCount: 2, existing: [`${HOME}welcome.txt`], existingCount: 1 })),
    );

    fireEvent.click(screen.getByTestId('action-upload-files'));

    const dialog = within(await screen.findByTestId('overwrite-dialog'));
    expect(dialog.getByRole('heading').textContent).toBe('“welcome.txt” already exists in My files');
    expect(everythingShown()).not.toContain(ID);
  });

  it('are shown as text, never as markup', async () => {
    const hostile = '<img src=x onerror="window.pwned=1"><b>Files</b>';
    browse(tree, [{ ...home, label: hostile }]);
    await waitFor(() => expect(rowNames()).toEqual(['photos', 'welcome.txt']));

    expect(sidebar().getByText(hostile)).toBeTruthy();
    expect(breadcrumbLabels()).toEqual([hostile]);
    expect(document.querySelector('img, b')).toBeNull();
    expect(document.title).toBe(`${hostile} — S3 Desk`);
  });
});

describe('entries that are not a home', () => {
  it('keep their bucket name and prefix, as before labels', async () => {
    browse(tree, [shared, { name: 'team-data', prefix: '', source: 'account' }]);
    await waitFor(() => expect(rowNames()).toEqual(['guide.pdf']));

    expect(sidebarRows()).toEqual(['desk-sharedlibrary/', 'team-data']);
    expect(breadcrumbLabels()).toEqual(['desk-shared', 'library']);
    expect(document.title).toBe('library — S3 Desk');
  });
});
