/**
 * Recorded text (error messages, selectors, URLs, evidence) comes from the recorded page and may carry
 * terminal control sequences: a page's thrown error reached `rerun analyze` with OSC 52 (write the clipboard),
 * `ESC[2J` (clear the screen) and title changes in it. Everything the CLI prints and every MCP tool answer
 * passes through {@link escapeControlChars}, which writes each control character as a visible `\uXXXX`
 * escape — valid inside JSON strings too — so the text stays readable and no terminal acts on it. Imports
 * nothing.
 */

/**
 * C0 controls but newline and tab, DEL, C1 controls (U+0080–U+009F: 8-bit CSI and OSC on some terminals) and
 * the bidirectional overrides and isolates that make text display in another order than it reads
 * (CVE-2021-42574).
 */
const CONTROL_CHARS = /(?![\n\t])[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

const escapeOne = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** `text` with every control character but `\n` and `\t` written as a visible `\uXXXX` escape. */
export function escapeControlChars(text: string): string {
  CONTROL_CHARS.lastIndex = 0;
  return CONTROL_CHARS.test(text) ? text.replace(CONTROL_CHARS, escapeOne) : text;
}

/**
 * A copy of `value` with {@link escapeControlChars} applied to every string in it, keys included; other
 * values are kept. For structured answers (MCP `structuredContent`) that a client may print as they are.
 */
export function escapeControlCharsDeep<TValue>(value: TValue): TValue {
  return escapeValue(value, 0) as TValue;
}

/** Deeper than any answer the collector builds; a deeper value is returned as it is. */
const MAX_DEPTH = 64;

function escapeValue(value: unknown, depth: number): unknown {
  if (typeof value === "string") return escapeControlChars(value);
  if (depth >= MAX_DEPTH || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => escapeValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[escapeControlChars(key)] = escapeValue(item, depth + 1);
  }
  return out;
}
