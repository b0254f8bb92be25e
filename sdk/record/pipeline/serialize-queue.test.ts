import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RecordedEvent } from "../../../shared/batch.ts";
import { RRWEB_EVENT } from "../../../shared/events.ts";
import { createSafeCallback } from "../../safe-callback.ts";
import { createSerializeQueue, type QueuedEvent } from "./serialize-queue.ts";

const ids = { sessionId: "s", windowId: "w" };
const item = (type: number, at: number): QueuedEvent => ({
  ids,
  event: { type, data: {}, timestamp: at } as RecordedEvent,
  at,
});

/** A queue whose routed events are listed by time. */
function queueRouting() {
  const routed: number[] = [];
  const queue = createSerializeQueue(
    (routedItem) => void routed.push(routedItem.at),
    createSafeCallback(() => {}),
  );
  return { queue, routed };
}

describe("createSerializeQueue", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("routes an event at once while nothing waits", () => {
    const { queue, routed } = queueRouting();
    queue.add(item(RRWEB_EVENT.IncrementalSnapshot, 1));
    expect(routed).toEqual([1]);
  });

  it("serializes a full snapshot in a task of its own, with the events after it behind it in order", () => {
    const { queue, routed } = queueRouting();
    queue.add(item(RRWEB_EVENT.FullSnapshot, 1));
    queue.add(item(RRWEB_EVENT.IncrementalSnapshot, 2));
    expect(routed).toEqual([]);
    vi.runAllTimers();
    expect(routed).toEqual([1, 2]);
    queue.add(item(RRWEB_EVENT.IncrementalSnapshot, 3));
    expect(routed).toEqual([1, 2, 3]);
  });

  it("routes what waits on a flush, or drops it, and its task then finds nothing", () => {
    const kept = queueRouting();
    kept.queue.add(item(RRWEB_EVENT.FullSnapshot, 1));
    kept.queue.flush();
    expect(kept.routed).toEqual([1]);
    const dropped = queueRouting();
    dropped.queue.add(item(RRWEB_EVENT.FullSnapshot, 1));
    dropped.queue.flush(true);
    vi.runAllTimers();
    expect(dropped.routed).toEqual([]);
  });
});
