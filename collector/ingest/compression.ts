/**
 * The write path's zlib work: gunzipping a request body (and scanning its JSON on the way, `body-scan.ts`)
 * and gzipping the blob that is stored. zlib holds the thread it runs on for milliseconds per batch — on Deno
 * even node:zlib's callback API runs on the calling thread — so the collector hands this work to a Worker
 * when it can (`compression-worker.ts`, started by `main.ts`), and the event loop serves other requests
 * meanwhile.
 * `inThreadCompression` does the same work on the calling thread: for tests under Node, and wherever a Worker
 * cannot start. Both run the synchronous functions below, so the results are the same bytes.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { type EventsSpan, scanJsonBody } from "./body-scan.ts";

/**
 * zlib level for stored blobs. On a typical 3,000-event batch level 3 takes about 40 % of the CPU time of the
 * default level 6 for about 15 % more bytes; level 1 is faster still but half again as large.
 */
export const BLOB_GZIP_LEVEL = 3;

export type InflatedBody =
  | { kind: "ok"; bytes: Uint8Array; tooDeep: boolean; events: EventsSpan | null }
  | { kind: "too_large" }
  | { kind: "bad_gzip" };

/**
 * A blob's JSON: one string, or the text around the events array plus the events' UTF-8 bytes as received
 * (`head + events + tail`).
 */
export type BlobJson = string | { head: string; events: Uint8Array; tail: string };

export interface Compression {
  /** Gunzips a body with the output capped at `maxBytes`, and scans its JSON (`scanJsonBody`). */
  inflateBody(gzipped: Uint8Array, maxBytes: number): Promise<InflatedBody>;
  /** The gzip bytes of a stored blob's JSON. */
  gzipBlob(json: BlobJson): Promise<Uint8Array>;
}

export function inflateBodySync(gzipped: Uint8Array, maxBytes: number): InflatedBody {
  let out: Uint8Array;
  try {
    // `maxOutputLength` makes zlib stop as soon as the output passes the cap: a small gzip bomb costs little.
    out = gunzipSync(gzipped, { maxOutputLength: maxBytes });
  } catch (error) {
    return (error as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE"
      ? { kind: "too_large" }
      : { kind: "bad_gzip" };
  }
  const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  return { kind: "ok", bytes, ...scanJsonBody(bytes) };
}

const UTF8 = new TextEncoder();

export function gzipBlobSync(json: BlobJson): Uint8Array {
  let text: string | Uint8Array;
  if (typeof json === "string") {
    text = json;
  } else {
    const head = UTF8.encode(json.head);
    const tail = UTF8.encode(json.tail);
    text = new Uint8Array(head.length + json.events.length + tail.length);
    text.set(head, 0);
    text.set(json.events, head.length);
    text.set(tail, head.length + json.events.length);
  }
  const out = gzipSync(text, { level: BLOB_GZIP_LEVEL });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

export const inThreadCompression: Compression = {
  inflateBody: (gzipped, maxBytes) => Promise.resolve(inflateBodySync(gzipped, maxBytes)),
  gzipBlob: (json) => Promise.resolve(gzipBlobSync(json)),
};
