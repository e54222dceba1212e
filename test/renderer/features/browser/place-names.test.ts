import { describe, expect, it } from 'vitest';
import type { BucketEntry } from '../../../../common/ipc';
import {
  describeBucketEntry,
  describeLocation,
  folderTitle,
  isHomePrefix,
  startPlaceOf,
} from '../../../../renderer/src/features/browser/placeNames';

const ID = 'us-east-1:f7ae2b40-1111-2222-3333-444455556666';
const entry = (name: string, prefix: string, label?: string): BucketEntry => ({ name, prefix, source: 'session', ...(label ? { label } : {}) });

describe('isHomePrefix', () => {
  it('is the IdentityId as the last folder, at the top or under a users/ folder', () => {
    expect(isHomePrefix(`${ID}/`, ID)).toBe(true);
    expect(isHomePrefix(ID, ID)).toBe(true);
    expect(isHomePrefix(`users/${ID}/`, ID)).toBe(true);
  });

  it('is not a folder inside the home, someone else’s home, a look-alike or the bucket root', () => {
    expect(isHomePrefix(`${ID}/photos/`, ID)).toBe(false);
    expect(isHomePrefix('us-east-1:00000000-0000-0000-0000-000000000000/', ID)).toBe(false);
    expect(isHomePrefix(`x${ID}/`, ID)).toBe(false);
    expect(isHomePrefix('', ID)).toBe(false);
    expect(isHomePrefix('', '')).toBe(false);
  });
});

describe('folderTitle', () => {
  it('names the start by its label, else "Home", else as before', () => {
    expect(folderTitle(startPlaceOf(entry('desk-private', `${ID}/`, 'My files'), ID), `${ID}/`)).toBe('My files');
    expect(folderTitle(startPlaceOf(entry('desk-private', `${ID}/`), ID), `${ID}/`)).toBe('Home');
    expect(folderTitle(startPlaceOf(entry('desk-shared', 'library/'), ID), 'library/')).toBe('library');
    expect(folderTitle(startPlaceOf(entry('team-data', ''), ID), '')).toBe('team-data');
  });

  it('names a folder below the start by its own name', () => {
    expect(folderTitle(startPlaceOf(entry('desk-private', `${ID}/`, 'My files'), ID), `${ID}/photos/`)).toBe('photos');
  });
});

describe('describeLocation', () => {
  it('starts from the start’s name below a named start', () => {
    const labelled = startPlaceOf(entry('desk-private', `users/${ID}/`, 'My files'), ID);
    expect(describeLocation(labelled, 'desk-private', `users/${ID}/`)).toBe('My files');
    expect(describeLocation(labelled, 'desk-private', `users/${ID}/photos/`)).toBe('My files/photos/');
    const home = startPlaceOf(entry('desk-private', `${ID}/`), ID);
    expect(describeLocation(home, 'desk-private', `${ID}/photos/`)).toBe('Home/photos/');
  });

  it('is bucket/prefix as S3 has it anywhere else', () => {
    const shared = startPlaceOf(entry('desk-shared', 'library/'), ID);
    expect(describeLocation(shared, 'desk-shared', 'library/odd/')).toBe('desk-shared/library/odd/');
    expect(describeLocation(startPlaceOf(entry('team-data', ''), ID), 'team-data', '')).toBe('team-data');
    const labelled = startPlaceOf(entry('desk-private', `${ID}/`, 'My files'), ID);
    expect(describeLocation(labelled, 'other-bucket', `${ID}/`)).toBe(`other-bucket/${ID}/`);
  });
});

describe('describeBucketEntry', () => {
  it('names a labelled entry by its label, with its bucket (not its home prefix) below', () => {
    expect(describeBucketEntry(entry('desk-private', `${ID}/`, 'My files'), ID)).toEqual({
      name: 'My files',
      detail: 'desk-private',
      detailIsPath: true,
      tooltip: 'My files — your home folder in desk-private',
      home: true,
    });
    expect(describeBucketEntry(entry('desk-shared', 'library/', 'Team library'), ID)).toMatchObject({
      name: 'Team library',
      detail: 'desk-shared/library/',
      tooltip: 'Team library — desk-shared/library/',
      home: false,
    });
  });

  it('names an unlabelled home by its bucket, with "Home" below', () => {
    expect(describeBucketEntry(entry('desk-private', `${ID}/`), ID)).toEqual({
      name: 'desk-private',
      detail: 'Home',
      detailIsPath: false,
      tooltip: 'Your home folder in desk-private',
      home: true,
    });
  });

  it('shows any other entry as before: bucket name, and its prefix if it has one', () => {
    expect(describeBucketEntry(entry('desk-shared', 'library/'), ID)).toMatchObject({ name: 'desk-shared', detail: 'library/', tooltip: 'desk-shared/library/' });
    expect(describeBucketEntry(entry('team-data', ''), ID)).toMatchObject({ name: 'team-data', detail: null, tooltip: 'team-data' });
  });
});
