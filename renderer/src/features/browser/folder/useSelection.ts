import { useCallback, useMemo, useState, type Dispatch, type SetStateAction } from 'react';
import type { ListingEntry } from '../entries';
import { idsBetween } from '../listingView';
import type { RowClickModifiers } from '../object-table/ObjectTable';

export interface Selection {
  ids: ReadonlySet<string>;
  /** The keyboard cursor. */
  focus: string | null;
  /** Where Shift-selection ranges start. */
  anchor: string | null;
}

export interface SelectionView {
  selection: Selection;
  setSelection: Dispatch<SetStateAction<Selection>>;
  /** The keyboard cursor's index in `visible`; -1 for none. */
  focusIndex: number;
  /** The selected entries among those shown, in list order. */
  selectedEntries: ListingEntry[];
  /** A click (or Space) on row `index`; `moveOnly` moves the cursor without selecting (Ctrl+arrows). */
  selectIndex: (index: number, modifiers: RowClickModifiers, moveOnly?: boolean) => void;
  selectAll: () => void;
  /** Selects just this row and puts the cursor on it. */
  selectOnly: (id: string) => void;
  /** Unselects everything, keeping the cursor. */
  clear: () => void;
}

const EMPTY_SELECTION: Selection = { ids: new Set(), focus: null, anchor: null };

function only(id: string): Selection {
  return { ids: new Set([id]), focus: id, anchor: id };
}

/** Which rows of a folder are selected and where the keyboard cursor is, as in a file manager. */
export function useSelection(visible: ListingEntry[], initialSelection: string | null): SelectionView {
  const [selection, setSelection] = useState<Selection>(() => (initialSelection ? only(initialSelection) : EMPTY_SELECTION));

  const focusIndex = useMemo(
    () => (selection.focus === null ? -1 : visible.findIndex((entry) => entry.id === selection.focus)),
    [visible, selection.focus],
  );
  const selectedEntries = useMemo(
    () => (selection.ids.size === 0 ? [] : visible.filter((entry) => selection.ids.has(entry.id))),
    [visible, selection.ids],
  );

  const selectIndex = useCallback(
    (index: number, { toggle, range }: RowClickModifiers, moveOnly = false) => {
      const entry = visible[index];
      if (!entry) return;
      setSelection((current) => {
        if (range) {
          const anchorIndex = current.anchor === null ? -1 : visible.findIndex((candidate) => candidate.id === current.anchor);
          const ids = idsBetween(visible, anchorIndex < 0 ? index : anchorIndex, index);
          const next = toggle ? new Set([...current.ids, ...ids]) : new Set(ids);
          return { ids: next, focus: entry.id, anchor: anchorIndex < 0 ? entry.id : current.anchor };
        }
        if (moveOnly) return { ...current, focus: entry.id };
        if (toggle) {
          const next = new Set(current.ids);
          if (next.has(entry.id)) next.delete(entry.id);
          else next.add(entry.id);
          return { ids: next, focus: entry.id, anchor: entry.id };
        }
        return only(entry.id);
      });
    },
    [visible],
  );

  const selectAll = () => {
    if (visible.length === 0) return;
    setSelection((current) => ({
      ids: new Set(visible.map((entry) => entry.id)),
      focus: current.focus ?? (visible[0] as ListingEntry).id,
      anchor: current.anchor ?? (visible[0] as ListingEntry).id,
    }));
  };

  const selectOnly = (id: string) => setSelection(only(id));
  const clear = () => setSelection((current) => ({ ...current, ids: new Set() }));

  return { selection, setSelection, focusIndex, selectedEntries, selectIndex, selectAll, selectOnly, clear };
}
