/**
 * The in-memory buffer of a session that waits for a trigger (or for `minDurationMs`), SPEC §2.
 *
 * Strategy: events are kept in segments, each starting at an rrweb meta event (the start of a full
 * snapshot), so whatever is left after trimming always begins with a snapshot and replays. With a window,
 * the oldest segment is dropped once the next one alone reaches back `windowMs`; the pipeline takes a new
 * snapshot every half window, so 60–90 s are kept. Past `maxBytes` the oldest segments go first; when one
 * segment alone is too big, the caller is asked once for a new snapshot, and past twice the limit new
 * incremental events are dropped until that snapshot arrives. Pure: no timers, no DOM.
 */
import type { SessionIds } from "../../session.ts";

/** One buffered event, serialized once. */
export type BufferedEvent = { ids: SessionIds; json: string; at: number };

type Segment = { start: number; events: BufferedEvent[]; bytes: number; checkoutAsked: boolean };

/** The buffer; `add` says when a new full snapshot is needed to keep within the byte bound. */
export type SegmentBuffer = {
  add(event: BufferedEvent, startsSegment: boolean): { needsCheckout: boolean };
  /** `null` keeps everything (bounded by bytes only), as while holding for `minDurationMs`. */
  setWindow(windowMs: number | null): void;
  /** Returns every kept event in order and empties the buffer. */
  drain(): BufferedEvent[];
  readonly bytes: number;
};

/** Creates an empty buffer. */
export function createSegmentBuffer(opts: { windowMs: number | null; maxBytes: number }): SegmentBuffer {
  let windowMs = opts.windowMs;
  let segments: Segment[] = [];
  let bytes = 0;

  const dropOldest = (): void => {
    const dropped = segments.shift();
    if (dropped) bytes -= dropped.bytes;
  };

  return {
    add(event, startsSegment) {
      let current = segments[segments.length - 1];
      if (startsSegment || !current) {
        current = { start: event.at, events: [], bytes: 0, checkoutAsked: false };
        segments.push(current);
      }
      if (!startsSegment && current.bytes > opts.maxBytes * 2) return { needsCheckout: false };
      current.events.push(event);
      current.bytes += event.json.length;
      bytes += event.json.length;
      while (
        windowMs !== null && segments.length > 1 && (segments[1] as Segment).start <= event.at - windowMs
      ) dropOldest();
      while (bytes > opts.maxBytes && segments.length > 1) dropOldest();
      if (bytes > opts.maxBytes && !current.checkoutAsked) {
        current.checkoutAsked = true;
        return { needsCheckout: true };
      }
      return { needsCheckout: false };
    },
    setWindow(next) {
      windowMs = next;
    },
    drain() {
      const events = segments.flatMap((s) => s.events);
      segments = [];
      bytes = 0;
      return events;
    },
    get bytes() {
      return bytes;
    },
  };
}
