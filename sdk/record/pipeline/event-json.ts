/**
 * Events leave the pipeline serialized once, as the JSON strings the batch body is joined from.
 */
import type { RecordedEvent } from "../../../shared/batch.ts";
import { RRWEB_EVENT } from "../../../shared/events.ts";
import { splitFullSnapshot } from "./split-snapshot.ts";

/**
 * Characters of full snapshot JSON kept in one event; the rest is added back by mutation events of this size.
 * A batch is cut once it passes 1 M characters, so one holds at most 1.4 M: under the collector's
 * 2,000,000-byte body limit for the mostly ASCII JSON of a snapshot.
 */
export const SNAPSHOT_PART_CHARS = 400_000;

/**
 * Returns `event` as JSON: one string, or, for a full snapshot over `partChars`, the smaller snapshot
 * followed by the mutation events that add the rest back (`split-snapshot.ts`; the event is changed in place).
 */
export function serializeEvent(event: RecordedEvent, partChars = SNAPSHOT_PART_CHARS): string[] {
  const json = JSON.stringify(event);
  if (event.type !== RRWEB_EVENT.FullSnapshot || json.length <= partChars) return [json];
  const parts = splitFullSnapshot(event, partChars);
  return [JSON.stringify(event), ...parts.map((part) => JSON.stringify(part))];
}
