/**
 * Events on their way to serialization. A full snapshot's `JSON.stringify` costs about as much as rrweb's
 * serialization of it, so it runs in a task of its own; later events wait behind it, so order is kept, and
 * every flush, gate change and unload serializes what waits first.
 */
import type { RecordedEvent } from "../../../shared/batch.ts";
import { RRWEB_EVENT } from "../../../shared/events.ts";
import type { SafeCallback } from "../../safe-callback.ts";
import type { SessionIds } from "../../session.ts";

/** One event with the session it belongs to and when it was recorded. */
export type QueuedEvent = { ids: SessionIds; event: RecordedEvent; at: number };

/** The events waiting for serialization. */
export type SerializeQueue = {
  /** Routes `item` now, or in a task of its own behind what waits; a full snapshot always waits. */
  add(item: QueuedEvent): void;
  /** Routes what waits now; with `drop`, discards it. */
  flush(drop?: boolean): void;
};

/** Creates the queue; `route` serializes an event and sends it where the gate says. */
export function createSerializeQueue(route: (item: QueuedEvent) => void, safe: SafeCallback): SerializeQueue {
  let pending: QueuedEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (drop?: boolean): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const items = pending;
    pending = [];
    if (!drop) { for (const item of items) route(item); }
  };
  return {
    add(item) {
      if (pending.length === 0 && item.event.type !== RRWEB_EVENT.FullSnapshot) return route(item);
      pending.push(item);
      timer ??= setTimeout(safe.wrap("pipeline.serialize", () => flush()), 0);
    },
    flush,
  };
}
