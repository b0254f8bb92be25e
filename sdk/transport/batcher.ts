/**
 * Accumulates serialized events for one (session, window) until they are cut into a batch: by the timer
 * (every 5 s), by size (1 MB of JSON), by an explicit flush, or because the session rotated and the next
 * event belongs to another window. Pure: no timers or I/O here; `transport.ts` drives it.
 */
import type { SessionIds } from "../session.ts";

/** The events of one cut, still without a sequence number or meta. */
export type BatchDraft = SessionIds & { events: string[]; bytes: number };

/** Collects event JSON and cuts it into drafts. */
export type Batcher = {
  /**
   * Adds one serialized event. Returns the draft cut *before* it when the ids changed, and whether the
   * buffer reached `maxBytes` (the caller should cut).
   */
  add(ids: SessionIds, eventJson: string): { cutBefore: BatchDraft | null; full: boolean };
  /** Cuts the current buffer; `null` when it is empty. */
  cut(): BatchDraft | null;
  /** Drops the buffer without cutting (opt-out). */
  clear(): void;
  readonly bytes: number;
};

/** Creates a batcher that reports `full` once the buffered JSON reaches `maxBytes` characters. */
export function createBatcher(opts: { maxBytes: number }): Batcher {
  let ids: SessionIds | null = null;
  let events: string[] = [];
  let bytes = 0;

  const cut = (): BatchDraft | null => {
    if (!ids || events.length === 0) return null;
    const draft: BatchDraft = { sessionId: ids.sessionId, windowId: ids.windowId, events, bytes };
    events = [];
    bytes = 0;
    return draft;
  };

  return {
    add(next, eventJson) {
      let cutBefore: BatchDraft | null = null;
      if (ids && (ids.sessionId !== next.sessionId || ids.windowId !== next.windowId)) cutBefore = cut();
      ids = next;
      events.push(eventJson);
      bytes += eventJson.length;
      return { cutBefore, full: bytes >= opts.maxBytes };
    },
    cut,
    clear() {
      events = [];
      bytes = 0;
    },
    get bytes() {
      return bytes;
    },
  };
}
