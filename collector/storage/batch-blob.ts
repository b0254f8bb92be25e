/**
 * The stored blob of a batch, one codec for the write path and every reader: the batch as accepted, without
 * its key and after redaction, as gzip JSON. Ingest encodes (on its Worker when there is one); `read/`,
 * `settle/` and the MCP tools decode. Both sides are synchronous zlib calls: for a batch-sized blob one call
 * costs less than the async API's chunked round trips through the thread pool, and the JSON.parse after it
 * holds the thread several times longer anyway.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import type { IngestBatch } from "../../shared/batch.ts";

/** What a batch's blob holds. When it was received is the batch row's `receivedAt`. */
export type StoredBatchBlob = Omit<IngestBatch, "key">;

/** A blob without its events, or with events that `batchBlobJson` leaves out. */
export type StoredBatchFields = Omit<StoredBatchBlob, "events"> & { events?: unknown };

/**
 * zlib level for stored blobs. On a typical 3,000-event batch level 3 takes about 40 % of the CPU time of the
 * default level 6 for about 15 % more bytes; level 1 is faster still but half again as large.
 */
export const BLOB_GZIP_LEVEL = 3;

/**
 * A blob's JSON: one string, or the text around the events array plus the events' UTF-8 JSON as ingest has it
 * (`head + events + tail`), so thousands of events are not serialized again.
 */
export type BlobJson = string | { head: string; events: Uint8Array; tail: string };

/**
 * The blob's JSON with `events` (UTF-8 JSON text) for its events array: what `JSON.stringify(blob)` writes,
 * in the same key order (the schema's), but for that array.
 */
export function batchBlobJson(blob: StoredBatchFields, events: Uint8Array): BlobJson {
  const { appId, sessionId, windowId, sequence, events: _events, ...rest } = blob;
  const head = JSON.stringify({ appId, sessionId, windowId, sequence });
  return { head: `${head.slice(0, -1)},"events":`, events, tail: `,${JSON.stringify(rest).slice(1)}` };
}

const UTF8_ENCODER = new TextEncoder();

/** The gzip bytes of a blob's JSON. */
export function encodeBlob(json: BlobJson): Uint8Array {
  let text: string | Uint8Array;
  if (typeof json === "string") {
    text = json;
  } else {
    const head = UTF8_ENCODER.encode(json.head);
    const tail = UTF8_ENCODER.encode(json.tail);
    text = new Uint8Array(head.length + json.events.length + tail.length);
    text.set(head, 0);
    text.set(json.events, head.length);
    text.set(tail, head.length + json.events.length);
  }
  const out = gzipSync(text, { level: BLOB_GZIP_LEVEL });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * Decodes like `Buffer#toString("utf8")`, a byte-order mark included, at a third of its cost on Deno (the same
 * on Node).
 */
const UTF8_DECODER = new TextDecoder("utf-8", { ignoreBOM: true });

/** A stored blob's JSON text, for a reader that weighs it before parsing. */
export function decodeBlobText(bytes: Uint8Array): string {
  return UTF8_DECODER.decode(gunzipSync(bytes));
}

/** A stored blob's bytes as the batch they hold. */
export function decodeBatchBlob(bytes: Uint8Array): StoredBatchBlob {
  return JSON.parse(decodeBlobText(bytes)) as StoredBatchBlob;
}
