export interface BreadcrumbSegment {
  /** What to show: the bucket name first, then one folder name per level. */
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
}

/**
 * The trail from the bucket down to `prefix`. Levels above `startPrefix` are
 * shown for orientation but are not navigable.
 */
export function breadcrumbSegments(bucket: string, startPrefix: string, prefix: string): BreadcrumbSegment[] {
  const segments: BreadcrumbSegment[] = [];
  const reachable = (candidate: string): boolean => candidate.startsWith(startPrefix);
  segments.push({ label: bucket, prefix: '', navigable: reachable(''), current: prefix === '' });

  const parts = prefix === '' ? [] : (prefix.endsWith('/') ? prefix.slice(0, -1) : prefix).split('/');
  let sofar = '';
  for (const part of parts) {
    sofar += `${part}/`;
    segments.push({ label: part, prefix: sofar, navigable: reachable(sofar), current: sofar === prefix });
  }
  for (const segment of segments) {
    if (segment.current) segment.navigable = false;
  }
  return segments;
}
