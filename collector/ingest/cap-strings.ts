/**
 * Caps a string at `maxBytes` of UTF-8 (`MAX_STORED_STRING_BYTES`), so one huge attribute or console line
 * cannot bloat storage or smuggle a whole document past redaction. Ingest applies it to every string of
 * people's data in the same pass as redaction (`stored-string.ts`).
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
