import { HOME_NAME, type StartPlace } from './placeNames';

export interface BreadcrumbSegment {
  /** What to show: the bucket name (or the entry's label) first, then one folder name per level. */
  label: string;
  /** The folder prefix this segment stands for ('' for the bucket root). */
  prefix: string;
  /**
   * Whether the user may go there: false above the start prefix (the user may
   * have no access there) and for the folder being shown.
   */
  navigable: boolean;
  /** The folder being shown. */
  current: boolean;
  /** Which glyph goes with it. */
  icon: 'bucket' | 'home' | 'folder';
}

/**
 * The trail from the bucket down to `prefix`. Levels above the start prefix
 * are shown for orientation but are not navigable. An entry with a label is
 * that label from its start prefix down: the levels above it (the bucket, a
 * users/ folder, an IdentityId) are what the label stands for. Without one,
 * the identity's home shows as "Home", never as its IdentityId.
 */
export function breadcrumbSegments(place: StartPlace, prefix: string): BreadcrumbSegment[] {
  const { startPrefix } = place;
  const reachable = (candidate: string): boolean => candidate.startsWith(startPrefix);
  const labelled = place.label !== null && prefix.startsWith(startPrefix);
  const rootPrefix = labelled ? startPrefix : '';
  const segments: BreadcrumbSegment[] = [
    {
      label: labelled ? (place.label as string) : place.bucket,
      prefix: rootPrefix,
      navigable: reachable(rootPrefix),
      current: prefix === rootPrefix,
      icon: labelled && place.home ? 'home' : 'bucket',
    },
  ];

  const below = prefix.slice(rootPrefix.length);
  const parts = below === '' ? [] : (below.endsWith('/') ? below.slice(0, -1) : below).split('/');
  let sofar = rootPrefix;
  for (const part of parts) {
    sofar += `${part}/`;
    const home = place.home && sofar === startPrefix;
    segments.push({
      label: home ? HOME_NAME : part,
      prefix: sofar,
      navigable: reachable(sofar),
      current: sofar === prefix,
      icon: home ? 'home' : 'folder',
    });
  }
  for (const segment of segments) {
    if (segment.current) segment.navigable = false;
  }
  return segments;
}
