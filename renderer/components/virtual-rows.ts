/**
 * Long lists render only the rows in view (TanStack Virtual), so 5,000 documents in four
 * columns stay as light as forty. The list scrolls with its container (a column, the editor),
 * not in a box of its own: `scrollMargin` is where the list starts inside that container,
 * measured on every render as TanStack's docs do for a list below other content.
 */
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { useEffect, useReducer, type RefObject } from 'react';

/** Rows rendered beyond each edge of the view: keeps short lists whole and scrolling smooth. */
const OVERSCAN = 12;

export interface VirtualRowsOptions {
  count: number;
  /** The element that scrolls. */
  scrollRef: RefObject<HTMLElement | null>;
  /** The list element, somewhere inside the scroll element. */
  listRef: RefObject<HTMLElement | null>;
  /** A typical row height in pixels; rows are measured once drawn. */
  estimateSize: number;
  /** Pixels between rows. */
  gap?: number;
  getItemKey?: (index: number) => string | number;
}

export function useVirtualRows({
  count,
  scrollRef,
  listRef,
  estimateSize,
  gap = 0,
  getItemKey,
}: VirtualRowsOptions): Virtualizer<HTMLElement, HTMLElement> {
  // The scroll element is usually a parent, whose ref React sets after this component's
  // layout effects, where the virtualizer looks for it: render once more after mounting.
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => rerender(), [rerender]);
  // The app does not use React Compiler; callers read the virtualizer afresh on every render.
  // eslint-disable-next-line react-hooks/incompatible-library
  return useVirtualizer<HTMLElement, HTMLElement>({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimateSize,
    overscan: OVERSCAN,
    gap,
    ...(getItemKey ? { getItemKey } : {}),
    scrollMargin: offsetWithin(listRef.current, scrollRef.current),
  });
}

/** Where `element` starts inside the scrolled content of `container`, in pixels. */
function offsetWithin(element: HTMLElement | null, container: HTMLElement | null): number {
  if (!element || !container) return 0;
  return (
    element.getBoundingClientRect().top -
    container.getBoundingClientRect().top +
    container.scrollTop
  );
}

/** Style of a list holding virtual rows: as tall as all its rows, rows placed inside it. */
export function virtualListStyle(virtualizer: Virtualizer<HTMLElement, HTMLElement>) {
  return { height: virtualizer.getTotalSize(), position: 'relative' as const };
}

/** Style of one virtual row, placed where the virtualizer measured it. */
export function virtualRowStyle(virtualizer: Virtualizer<HTMLElement, HTMLElement>, start: number) {
  return {
    position: 'absolute' as const,
    top: 0,
    left: 0,
    width: '100%',
    transform: `translateY(${start - virtualizer.options.scrollMargin}px)`,
  };
}
