/**
 * The bounded queue of cut-but-unsent batches. While the collector is unreachable, batches wait here; past
 * the limit the oldest is dropped and counted, because recent activity is worth more than old, and the
 * count is reported to the collector in the next delivered batch (`meta.droppedBatches`).
 */

/** A FIFO that never holds more than `max` items. */
export type BoundedQueue<TItem> = {
  /** Appends; returns how many old items were dropped to make room (0 or more). */
  push(item: TItem): number;
  /** The oldest item, without removing it. */
  peek(): TItem | undefined;
  /** Removes this exact item if it is still queued (it may have been dropped meanwhile). */
  remove(item: TItem): boolean;
  /** A copy of the items, oldest first. */
  items(): TItem[];
  /** Removes everything; returns how many items there were. */
  clear(): number;
  readonly size: number;
};

/** Creates a bounded FIFO; `max` below 1 is treated as 1 so the newest batch always has a place. */
export function createBoundedQueue<TItem>(max: number): BoundedQueue<TItem> {
  const limit = Math.max(1, Math.floor(max));
  let items: TItem[] = [];
  return {
    push(item) {
      items.push(item);
      const over = items.length - limit;
      if (over > 0) items = items.slice(over);
      return Math.max(0, over);
    },
    peek: () => items[0],
    remove(item) {
      const index = items.indexOf(item);
      if (index === -1) return false;
      items.splice(index, 1);
      return true;
    },
    items: () => items.slice(),
    clear() {
      const n = items.length;
      items = [];
      return n;
    },
    get size() {
      return items.length;
    },
  };
}
