import { useRef, type KeyboardEvent, type RefObject } from 'react';
import type { ListingEntry } from '../entries';
import { findByTyping } from '../listingView';
import type { ObjectTableHandle } from '../object-table/ObjectTable';
import type { SelectionView } from './useSelection';

/** Typed letters within this long of each other search together (type-to-find). */
const TYPE_TO_FIND_MS = 1000;

interface FolderKeyboardOptions {
  visible: ListingEntry[];
  selection: SelectionView;
  tableRef: RefObject<ObjectTableHandle | null>;
  filterRef: RefObject<HTMLInputElement | null>;
  /** Goes to the enclosing folder; undefined at the start prefix. */
  onGoUp: (() => void) | undefined;
  onOpen: (index: number) => void;
  onDelete: () => void;
  /** F2 */
  onRename: () => void;
  /** Ctrl/Cmd+C and Ctrl/Cmd+X (Ctrl/Cmd+V is the folder's, so it works in an empty folder too). */
  onCopy: () => void;
  onCut: () => void;
  onMenuAtRow: (index: number) => void;
  /** The context-menu key with no row under the cursor: the folder's own menu. */
  onMenuAtBlank: () => void;
}

/**
 * The grid's keys, as in a file manager: arrows, paging, Home/End (with Shift
 * to extend, Ctrl to move without selecting), Enter to open, Backspace or
 * Alt+Up to go up, Delete, F2 to rename, Escape, Space, the context-menu
 * key, Ctrl+A, Ctrl+C, Ctrl+X, Ctrl+F, and typing a name's first letters to
 * find it.
 */
export function useFolderKeyboard({
  visible,
  selection,
  tableRef,
  filterRef,
  onGoUp,
  onOpen,
  onDelete,
  onRename,
  onCopy,
  onCut,
  onMenuAtRow,
  onMenuAtBlank,
}: FolderKeyboardOptions) {
  const typed = useRef({ text: '', at: 0 });
  const { focusIndex, selectIndex } = selection;

  const moveTo = (index: number, event: KeyboardEvent) => {
    if (visible.length === 0) return;
    const target = Math.max(0, Math.min(visible.length - 1, index));
    const ctrl = event.ctrlKey || event.metaKey;
    selectIndex(target, { toggle: false, range: event.shiftKey }, ctrl && !event.shiftKey);
    tableRef.current?.reveal(target);
  };

  const typeToFind = (char: string) => {
    const now = Date.now();
    const text = now - typed.current.at > TYPE_TO_FIND_MS ? char : typed.current.text + char;
    typed.current = { text, at: now };
    const index = findByTyping(visible, text, focusIndex);
    if (index < 0) return;
    selectIndex(index, { toggle: false, range: false });
    tableRef.current?.reveal(index);
  };

  return (event: KeyboardEvent<HTMLDivElement>) => {
    const ctrl = event.ctrlKey || event.metaKey;
    if (event.altKey) {
      if (event.key === 'ArrowUp' && onGoUp) {
        event.preventDefault();
        onGoUp();
      }
      return;
    }
    const last = visible.length - 1;
    const page = tableRef.current?.pageSize() ?? 10;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(focusIndex < 0 ? 0 : focusIndex + 1, event);
        break;
      case 'ArrowUp':
        moveTo(focusIndex < 0 ? last : focusIndex - 1, event);
        break;
      case 'PageDown':
        moveTo(focusIndex < 0 ? page : focusIndex + page, event);
        break;
      case 'PageUp':
        moveTo(focusIndex < 0 ? 0 : focusIndex - page, event);
        break;
      case 'Home':
        moveTo(0, event);
        break;
      case 'End':
        moveTo(last, event);
        break;
      case 'Enter':
        if (focusIndex < 0) return;
        onOpen(focusIndex);
        break;
      case 'Backspace':
        if (!onGoUp) return;
        onGoUp();
        break;
      case 'Delete':
        onDelete();
        break;
      case 'F2':
        onRename();
        break;
      case 'Escape':
        if (selection.selection.ids.size === 0) return;
        selection.clear();
        break;
      case ' ':
        if (focusIndex < 0) return;
        selectIndex(focusIndex, { toggle: ctrl, range: event.shiftKey });
        break;
      case 'ContextMenu':
      case 'F10':
        if (event.key === 'F10' && !event.shiftKey) return;
        if (focusIndex < 0) onMenuAtBlank();
        else onMenuAtRow(focusIndex);
        break;
      default:
        if (ctrl && event.key.toLowerCase() === 'a') {
          selection.selectAll();
          break;
        }
        if (ctrl && event.key.toLowerCase() === 'c') {
          onCopy();
          break;
        }
        if (ctrl && event.key.toLowerCase() === 'x') {
          onCut();
          break;
        }
        if (ctrl && event.key.toLowerCase() === 'f') {
          filterRef.current?.focus();
          break;
        }
        if (event.key.length === 1 && !ctrl && /\S/u.test(event.key)) {
          typeToFind(event.key);
          break;
        }
        return;
    }
    event.preventDefault();
  };
}
