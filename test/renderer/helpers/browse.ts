import { act, fireEvent, screen, within } from '@testing-library/react';
import type { BucketEntry } from '../../../common/ipc';
import { createFakeApi, ok, signedIn, type FakeApi, type Served } from './fake-api';
import { renderApp } from './render-app';

export const teamData: BucketEntry = { name: 'team-data', prefix: '', source: 'session' };

/**
 * A signed-in app whose storage lists each "bucket/prefix" of `tree` as given
 * ('manual' listings are left for the test to drive).
 */
export function browse(tree: Record<string, Served | 'manual'>, buckets: BucketEntry[] = [teamData]): FakeApi {
  const fake = createFakeApi(signedIn());
  fake.api.listBuckets.mockResolvedValue(ok(buckets));
  for (const [where, served] of Object.entries(tree)) {
    const cut = where.indexOf('/');
    fake.serve(where.slice(0, cut), where.slice(cut + 1), served);
  }
  renderApp(fake.api);
  return fake;
}

/** The rows in the DOM, in list order. */
export const rows = () =>
  screen.queryAllByTestId('object-row').sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));

const nameOf = (element: HTMLElement) => within(element).getAllByRole('gridcell')[0]?.textContent;

export const rowNames = () => rows().map(nameOf);

export function row(name: string): HTMLElement {
  const found = rows().find((candidate) => nameOf(candidate) === name);
  if (!found) throw new Error(`no row named ${name} (rows: ${rowNames().join(', ')})`);
  return found;
}

export const grid = () => screen.getByTestId('object-table');
export const scroller = () => screen.getByTestId('object-table-scroll');
export const selectedNames = () => rows().filter((element) => element.getAttribute('aria-selected') === 'true').map(nameOf);
export const breadcrumb = () => within(screen.getByTestId('breadcrumb'));

export function key(name: string, init: Partial<KeyboardEventInit> = {}) {
  fireEvent.keyDown(grid(), { key: name, ...init });
}

/** Scrolls the list as a user would (the browser sets scrollTop, then fires scroll). */
export function scrollTo(top: number) {
  act(() => {
    scroller().scrollTop = top;
    fireEvent.scroll(scroller());
  });
}

/** The last openListing request's folder. */
export const lastListed = (fake: FakeApi) => {
  const request = fake.api.openListing.mock.calls.at(-1)?.[0];
  return request ? `${request.bucket}/${request.prefix}` : null;
};
