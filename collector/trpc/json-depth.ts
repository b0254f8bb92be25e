/**
 * A bound on how deeply a request body's JSON nests, checked on the raw bytes before anything parses it
 * (`scanJsonBody` in `collector/ingest/body-scan.ts`). Parsing a deeply nested document is fine, but every
 * step after it (redaction, string caps, stitching) walks the tree recursively, so a hostile body 10,000
 * levels deep would otherwise reach storage or the stack limit.
 */

/**
 * Deep enough for real rrweb snapshots (each DOM level adds two: the node and its `childNodes`, so about 250
 * DOM levels), shallow enough that recursive walks stay far from the stack limit.
 */
export const MAX_JSON_DEPTH = 512;
