import type { ReactNode } from 'react';
import { EmptyFolderIcon } from './Icons';
import './EmptyState.css';

/** A calm panel for a place with nothing in it. */
export function EmptyState({ title, detail }: { title: string; detail?: ReactNode }) {
  return (
    <div className="empty-state" role="status" data-testid="empty-state">
      <EmptyFolderIcon className="empty-state__icon" />
      <p className="empty-state__title">{title}</p>
      {detail ? <p className="empty-state__detail">{detail}</p> : null}
    </div>
  );
}
