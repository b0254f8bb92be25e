/**
 * SDK events travel as rrweb custom events (type 5, `{tag, payload}`), in the same stream as the DOM, so the
 * collector stitches and orders them with everything else.
 */
import type { RecordedEvent } from "../../shared/batch.ts";
import { RRWEB_EVENT } from "../../shared/events.ts";

/** Returns an rrweb custom event with this tag and payload, stamped `timestamp`. */
export function createCustomEvent(tag: string, payload: unknown, timestamp: number): RecordedEvent {
  return { type: RRWEB_EVENT.Custom, data: { tag, payload }, timestamp };
}
