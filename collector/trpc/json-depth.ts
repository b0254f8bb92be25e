/**
 * A bound on how deeply a request body's JSON nests, checked on the raw bytes before anything parses it.
 * Parsing a deeply nested document is fine, but every step after it (redaction, string caps, stitching) walks
 * the tree recursively, so a hostile body 10,000 levels deep would otherwise reach storage or the stack limit.
 */

/**
 * Deep enough for real rrweb snapshots (each DOM level adds two: the node and its `childNodes`, so about 250
 * DOM levels), shallow enough that recursive walks stay far from the stack limit.
 */
export const MAX_JSON_DEPTH = 512;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/** Whether `bytes` (UTF-8 JSON text) nests objects and arrays deeper than `maxDepth`; strings are skipped. */
export function exceedsJsonDepth(bytes: Uint8Array, maxDepth = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > maxDepth) return true;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}
