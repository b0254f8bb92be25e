/**
 * The write path's zlib work: gunzipping a request body (and checking its JSON depth on the way) and gzipping
 * the blob that is stored. zlib holds the thread it runs on for milliseconds per batch — on Deno even
 * node:zlib's callback API runs on the calling thread — so the collector hands this work to a Worker when it
 * can (`compression-worker.ts`, started by `main.ts`), and the event loop serves other requests meanwhile.
 * `inThreadCompression` does the same work on the calling thread: for tests under Node, and wherever a Worker
 * cannot start. Both run the synchronous functions below, so the results are the same bytes.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { exceedsJsonDepth } from "../trpc/json-depth.ts";

/**
 * zlib level for stored blobs. On a typical 3,000-event batch level 3 takes about 40 % of the CPU time of the
 * default level 6 for about 15 % more bytes; level 1 is faster still but half again as large.
 */
export const BLOB_GZIP_LEVEL = 3;

export type InflatedBody =
  | { kind: "ok"; bytes: Uint8Array; tooDeep: boolean }
  | { kind: "too_large" }
  | { kind: "bad_gzip" };

export interface Compression {
  /** Gunzips a body with the output capped at `maxBytes`, and says whether its JSON nests too deeply. */
  inflateBody(gzipped: Uint8Array, maxBytes: number): Promise<InflatedBody>;
  /** The gzip bytes of a stored blob's JSON text. */
  gzipBlob(json: string): Promise<Uint8Array>;
}

export function inflateBodySync(gzipped: Uint8Array, maxBytes: number): InflatedBody {
  let out: Uint8Array;
  try {
    // `maxOutputLength` makes zlib stop as soon as the output passes the cap, so a small gzip bomb costs little.
    out = gunzipSync(gzipped, { maxOutputLength: maxBytes });
  } catch (error) {
    return (error as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE"
      ? { kind: "too_large" }
      : { kind: "bad_gzip" };
  }
  const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  return { kind: "ok", bytes, tooDeep: exceedsJsonDepth(bytes) };
}

export function gzipBlobSync(json: string): Uint8Array {
  const out = gzipSync(json, { level: BLOB_GZIP_LEVEL });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

export const inThreadCompression: Compression = {
  inflateBody: (gzipped, maxBytes) => Promise.resolve(inflateBodySync(gzipped, maxBytes)),
  gzipBlob: (json) => Promise.resolve(gzipBlobSync(json)),
};
