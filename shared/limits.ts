/**
 * Named limits and timings that more than one part of rerun relies on. Each has its reason beside it.
 * Imports nothing, so the browser bundle can use it at runtime.
 */

/** SDK flushes at least this often so a crash loses little (SPEC §2). */
export const FLUSH_INTERVAL_MS = 5_000;
/** SDK flushes when a batch's raw JSON reaches this size, well under the collector's body limit. */
export const FLUSH_MAX_BYTES = 1_000_000;
/** Browsers cap the bodies of all in-flight keepalive requests at 64 KiB (Fetch spec, "keepalive"). */
export const KEEPALIVE_MAX_BYTES = 64 * 1024;
/** A session ends after this much inactivity (SPEC §2). */
export const SESSION_IDLE_MS = 30 * 60_000;
/** A session never lasts longer than this, so one tab left open for days is not one giant replay. */
export const SESSION_MAX_MS = 12 * 60 * 60_000;
/** Unsent batches kept while the collector is unreachable; the oldest is dropped (and counted) past this. */
export const MAX_QUEUED_BATCHES = 30;
/** Upper bound on the sessions one `replays.list` page returns, so one call cannot scan the whole database. */
export const MAX_LIST_LIMIT = 200;
/** Default page size of `replays.list` and `rerun replays`. */
export const DEFAULT_LIST_LIMIT = 20;
/**
 * How deeply a request body's JSON may nest, checked on the raw bytes before anything parses it. Deep enough
 * for real rrweb snapshots (each DOM level adds two: the node and its `childNodes`, so about 250 DOM levels),
 * shallow enough that the recursive walks after parsing (redaction, string caps, stitching) stay far from the
 * stack limit: a hostile body 10,000 levels deep would otherwise reach it.
 */
export const MAX_JSON_DEPTH = 512;
/** Longest id, URL or key string the wire schemas accept before a batch is refused as malformed. */
export const MAX_URL_CHARS = 4_096;
/** Header that carries the public or read key; never a query string, so keys stay out of access logs. */
export const KEY_HEADER = "x-rerun-key";
