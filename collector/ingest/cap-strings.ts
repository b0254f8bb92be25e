/**
 * Caps every string in a value at `maxBytes` of UTF-8 (`MAX_STORED_STRING_BYTES`), so one huge attribute or
 * console line cannot bloat storage or smuggle a whole document past redaction. Pure; depth is bounded like
 * `redactDeep`.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function capString(text: string, maxBytes: number): string {
  // A UTF-16 code unit never takes more than 3 UTF-8 bytes, so short strings skip the encoding.
  if (text.length * 3 <= maxBytes) return text;
  const bytes = encoder.encode(text);
  if (bytes.length <= maxBytes) return text;
  // Cutting inside a multi-byte character leaves a replacement character at the end: drop it.
  return decoder.decode(bytes.subarray(0, maxBytes)).replace(/\uFFFD+$/, "");
}

export function capStrings<T>(value: T, maxBytes: number, maxDepth = 64): T {
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return capString(v, maxBytes);
    if (v === null || typeof v !== "object" || depth >= maxDepth) return v;
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) out[k] = walk(item, depth + 1);
    return out;
  };
  return walk(value, 0) as T;
}
