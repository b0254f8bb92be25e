/**
 * When a batch's blob can be the request's own gzip bytes. Gzipping a batch's JSON again cost more CPU than
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
import type { SentBatchBody } from "./batch-reader.ts";
import { withEventsEmptied } from "./body-scan.ts";
import { MAX_JSON_DEPTH } from "../../shared/limits.ts";

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

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
