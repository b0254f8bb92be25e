/**
 * What a batch's blob is made of (`chooseBlob`), and when it can be the request's own gzip bytes. Gzipping a batch's JSON again cost more CPU than
 * any other step of ingest but parsing it, and for a batch that redaction, URL stripping and the caps leave as
 * it is, the SDK already sent that JSON gzipped (`CompressionStream`). The bytes may be stored only when
 * everything in them was read by validation and redaction and reads back as the batch that was accepted:
 *
 * - they are one plain gzip member and nothing else (`readGzipBodySync` gives them only then);
 * - the events text holds exactly the stored events (`read-batch.ts` asks only then: safe to keep
 *   by `scanJsonBody`, as many events, nothing changed in them, no key written twice);
 * - the rest of the body, parsed on its own, has as many keys as its text, and equals the stored batch
 *   without its events: no `key`, no field the schema would drop or default, nothing redacted in `meta`.
 *
 * Readers parse a blob either way; key order and white space are all that may differ.
 */
import { replaceStringsInPlace } from "../../shared/redact.ts";
import type { StoredBatchFields } from "../storage/batch-blob.ts";
import type { SentBatchBody } from "./batch-reader.ts";
import type { PreparedEvents } from "./prepare-events.ts";
import { withEventsEmptied } from "./body-scan.ts";
import { MAX_JSON_DEPTH } from "../../shared/limits.ts";

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/** What the stored blob is made of. */
export type BlobSource =
  /** The request's own gzip bytes (`bodyAsBlob`). */
  | { kind: "sent"; gzip: Uint8Array }
  /** The batch's JSON around this events text: the request's own, or the prepared events written once. */
  | { kind: "events_text"; text: Uint8Array }
  /** `JSON.stringify(batch)`. */
  | { kind: "batch" };

/**
 * The blob: the request's own gzip bytes when they read back as exactly the stored batch; else its JSON around
 * the stored events' text when there is one — the request's own when it holds exactly the stored events, or
 * `readText`, written where the events were read when they changed — else the whole batch serialized.
 */
export function chooseBlob(
  batch: StoredBatchFields,
  events: PreparedEvents,
  sent: SentBatchBody | undefined,
  readText: Uint8Array | null,
): BlobSource {
  if (!sent) return { kind: "batch" };
  const gzip = events.asSent ? bodyAsBlob(sent, batch) : null;
  if (gzip) return { kind: "sent", gzip };
  if (readText) return { kind: "events_text", text: readText };
  if (events.asSent) {
    return { kind: "events_text", text: sent.bytes.subarray(sent.events.start, sent.events.end) };
  }
  return { kind: "batch" };
}

/**
 * The gzip bytes of `sent`, a request whose events text holds exactly the stored events, to store as the blob
 * of `stored` (the accepted batch after redaction, without its key); null when they would not read back as
 * exactly that batch.
 */
export function bodyAsBlob(
  sent: SentBatchBody,
  stored: Record<string, unknown>,
): Uint8Array | null {
  const { gzip, events: span } = sent;
  if (gzip === null) return null;
  const rest = parseWithoutEvents(sent);
  if (rest === null || replaceStringsInPlace(rest, MAX_JSON_DEPTH, keep) !== span.otherKeys) return null;
  const { events: _storedEvents, ...storedRest } = stored;
  const { events: _sentEvents, ...sentRest } = rest;
  return sameJson(sentRest, storedRest) ? gzip : null;
}

/** The body with its events array emptied, parsed; null when it is not valid UTF-8 or not an object. */
function parseWithoutEvents(raw: SentBatchBody): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(STRICT_UTF8.decode(withEventsEmptied(raw.bytes, raw.events)));
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? value as Record<string, unknown>
      : null;
  } catch {
    return null;
  }
}

const keep = (text: string) => text;

/** Equality of two parsed JSON values; object keys in any order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const list = b as unknown[];
    return a.length === list.length && a.every((item, i) => sameJson(item, list[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((k) => Object.hasOwn(right, k) && sameJson(left[k], right[k]));
}
