import { Fragment } from 'react';
import { breadcrumbSegments, type BreadcrumbSegment } from './breadcrumbs';
import type { StartPlace } from './placeNames';
import { BucketIcon, ChevronRightIcon, FolderIcon, HomeIcon } from '../../shared/ui/Icons';
import './Breadcrumb.css';

interface BreadcrumbProps {
  place: StartPlace;
  prefix: string;
  onNavigate: (prefix: string) => void;
}

const GLYPHS: Record<BreadcrumbSegment['icon'], typeof FolderIcon> = { bucket: BucketIcon, home: HomeIcon, folder: FolderIcon };

/** bucket (or the entry's label) › folder › folder: the levels from the start prefix down can be clicked. */
export function Breadcrumb({ place, prefix, onNavigate }: BreadcrumbProps) {
  const segments = breadcrumbSegments(place, prefix);
  return (
    <nav className="breadcrumb" aria-label="Folder path" data-testid="breadcrumb">
      <ol className="breadcrumb__list">
        {segments.map((segment, index) => {
          const Glyph = GLYPHS[segment.icon];
          const label = segment.label === '' ? '(unnamed)' : segment.label;
          const content = (
            <>
              <Glyph className="breadcrumb__icon" />
              <span className="breadcrumb__label">{label}</span>
            </>
          );
          return (
            <Fragment key={segment.prefix}>
              {index > 0 ? (
                <li className="breadcrumb__separator" aria-hidden="true">
                  <ChevronRightIcon />
                </li>
              ) : null}
              <li className="breadcrumb__item">
                {segment.current ? (
                  <span className="breadcrumb__segment breadcrumb__segment--current" aria-current="page">
                    {content}
                  </span>
                ) : segment.navigable ? (
                  <button type="button" className="breadcrumb__segment" onClick={() => onNavigate(segment.prefix)}>
                    {content}
                  </button>
                ) : (
                  <span
                    className="breadcrumb__segment breadcrumb__segment--locked"
                    title="Outside the folders you have access to"
                  >
                    {content}
                  </span>
                )}
              </li>
            </Fragment>
          );
        })}
      </ol>
    </nav>
  );
}
