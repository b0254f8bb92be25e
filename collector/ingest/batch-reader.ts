/**
 * Reads batches: gunzips a request body under the body cap, scans its JSON on the way (`body-scan.ts`), reads
 * a batch's events (`prepare-events.ts`), and encodes the blob that is stored (`storage/batch-blob.ts`). zlib
 * and JSON.parse hold the thread they run on for milliseconds per batch — on Deno even node:zlib's callback
 * API runs on the calling thread — so the collector hands this work to a Worker when it can
 * (`batch-reader-worker.ts`, started by `main.ts`), and the event loop serves other requests meanwhile.
 * `inThreadReader` does the same work on the calling thread: for tests under Node, and wherever a Worker
 * cannot start. Both run the synchronous functions below, so the results are the same bytes.
 */
import { crc32, gunzipSync, inflateRawSync } from "node:zlib";
import { type EventsSpan, scanJsonBody } from "./body-scan.ts";
import { type EventsRead, readEvents } from "./prepare-events.ts";
import type { StringRules } from "./stored-string.ts";
import { MAX_JSON_DEPTH } from "../../shared/limits.ts";
import { type BlobJson, encodeBlob } from "../storage/batch-blob.ts";

/** A request body as read, with its scan (`scanJsonBody`). */
export type ScannedBody = {
  kind: "ok";
  bytes: Uint8Array;
  tooDeep: boolean;
  events: EventsSpan | null;
  /** The body's own gzip bytes when they may be stored as its blob (`inflatePlainMember`); else null. */
  gzip: Uint8Array | null;
  /** Its events, parsed and prepared (`readEvents`), when the reading asked for them and `events` was found. */
  read: EventsRead | null;
};

/**
 * An `ingest.batch` body as it was sent, where the text of its `events` array lies, and its own gzip bytes when
 * they may be stored: ingest may store that text, or those bytes, instead of serializing the events again.
 */
export type SentBatchBody = { bytes: Uint8Array; events: EventsSpan; gzip: Uint8Array | null };

/**
 * How to read the body of an unbatched `ingest.batch` call: check the events' strings against `rules` in the
 * scan, and, when `events`, parse and prepare the events too, on the thread that gunzipped them.
 */
export type BatchReading = { rules: StringRules; events: boolean };

export type GzipBodyRead = ScannedBody | { kind: "too_large" } | { kind: "bad_gzip" };

/** Scans `bytes`, and reads its events when `reading` asks for them, into a {@link ScannedBody}. */
export function readBodySync(
  bytes: Uint8Array,
  gzip: Uint8Array | null,
  reading?: BatchReading,
): ScannedBody {
  const scan = scanJsonBody(bytes, MAX_JSON_DEPTH, reading?.rules);
  const read = reading?.events && scan.events && !scan.tooDeep
    ? readEvents(bytes, scan.events, reading.rules)
    : null;
  return { kind: "ok", bytes, ...scan, gzip, read };
}

export interface BatchReader {
  /**
   * Gunzips a body with the output capped at `maxBytes`, and scans its JSON (`readBodySync`, which reads it as
   * an `ingest.batch` body when given `reading`).
   */
  readGzipBody(gzipped: Uint8Array, maxBytes: number, reading?: BatchReading): Promise<GzipBodyRead>;
  /** The gzip bytes of a stored blob's JSON (`encodeBlob`). */
  encodeBlob(json: BlobJson): Promise<Uint8Array>;
}

export function readGzipBodySync(
  gzipped: Uint8Array,
  maxBytes: number,
  reading?: BatchReading,
): GzipBodyRead {
  const plain = inflatePlainMember(gzipped, maxBytes);
  if (plain) return readBodySync(plain.bytes, plain.gzip, reading);
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
  return readBodySync(bytes, null, reading);
}

/** A gzip header with no optional fields, no modification time and an unknown OS (RFC 1952 §2.3). */
const PLAIN_GZIP_HEADER = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff];
const GZIP_HEADER_BYTES = 10;
const GZIP_TRAILER_BYTES = 8;

/**
 * Inflates a body that is exactly one gzip member with no optional header fields — what `CompressionStream`
 * sends — and gives, beside the JSON, the body's own gzip bytes under a fixed header: when ingest changes
 * nothing in a batch, they can be stored as its blob instead of gzipping the same JSON again. Every stored
 * byte then comes from the checked deflate stream: gunzip itself would accept, and ignore, bytes after the
 * member (anything after a zero byte), a second member, or a file name or comment in a header, and none of
 * those was read by validation or redaction. Null for any other body, which `gunzipSync` then reads as before.
 */
function inflatePlainMember(
  gzipped: Uint8Array,
  maxBytes: number,
): { bytes: Uint8Array; gzip: Uint8Array } | null {
  const n = gzipped.length;
  if (n < GZIP_HEADER_BYTES + GZIP_TRAILER_BYTES) return null;
  for (let k = 0; k < 4; k++) if (gzipped[k] !== PLAIN_GZIP_HEADER[k]) return null;
  let out: Uint8Array;
  let consumed: number;
  try {
    const deflated = gzipped.subarray(GZIP_HEADER_BYTES, n - GZIP_TRAILER_BYTES);
    // `info` exposes the engine, whose bytesWritten is how much input the deflate stream used.
    const result = inflateRawSync(
      deflated,
      { maxOutputLength: maxBytes, info: true } as object,
    ) as unknown as {
      buffer: Uint8Array;
      engine: { bytesWritten: number };
    };
    out = result.buffer;
    consumed = result.engine.bytesWritten;
  } catch {
    return null;
  }
  if (consumed !== n - GZIP_HEADER_BYTES - GZIP_TRAILER_BYTES) return null;
  const trailer = new DataView(
    gzipped.buffer,
    gzipped.byteOffset + n - GZIP_TRAILER_BYTES,
    GZIP_TRAILER_BYTES,
  );
  if (trailer.getUint32(4, true) !== out.byteLength % 2 ** 32) return null;
  if (trailer.getUint32(0, true) !== crc32(out)) return null;
  const gzip = new Uint8Array(n);
  gzip.set(PLAIN_GZIP_HEADER, 0);
  gzip.set(gzipped.subarray(GZIP_HEADER_BYTES), GZIP_HEADER_BYTES);
  return { bytes: new Uint8Array(out.buffer, out.byteOffset, out.byteLength), gzip };
}

export const inThreadReader: BatchReader = {
  readGzipBody: (gzipped, maxBytes, reading) => Promise.resolve(readGzipBodySync(gzipped, maxBytes, reading)),
  encodeBlob: (json) => Promise.resolve(encodeBlob(json)),
};
