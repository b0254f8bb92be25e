/**
 * Error normalisation (SPEC §8): the `js_error` key is the message with its variable parts replaced, plus
 * the top stack frame, so "Cannot read 'x' of item 7" and "Cannot read 'y' of item 12" thrown from one line
 * are one issue, while the same message from two places in the code is two. Bounded for untrusted input.
 *
 * Part of the grouping rules that `FINGERPRINT_VERSION` versions.
 */

/** A normalised message keeps this many characters: enough to tell errors apart, small in a key. */
export const MAX_NORMALISED_MESSAGE_CHARS = 200;
/** Stacks are read up to here; the top frame is in the first few lines. */
const MAX_STACK_CHARS = 4_000;

const QUOTED = /"(?:[^"\\\n]|\\.){0,500}"|'(?:[^'\\\n]|\\.){0,500}'|`(?:[^`\\]|\\.){0,500}`/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
/** Hex runs with a digit in them (ids, hashes, addresses); plain words like "deadline" stay. */
const HEX_ID = /\b(?=[0-9a-f]*\d)(?:0x)?[0-9a-f]{6,}\b/gi;
const NUMBER = /\b\d+(?:\.\d+)?\b/g;

/** The message with quoted strings, ids and numbers replaced, one line, without browser prefixes. */
export function normalizeErrorMessage(message: string): string {
  let text = message.slice(0, MAX_STACK_CHARS).replace(/\s+/g, " ").trim();
  // Chrome prefixes uncaught errors; Firefox and Safari do not. The same error should read the same.
  text = text.replace(/^Uncaught (?:\(in promise\) )?/, "");
  text = text.replace(QUOTED, "<str>").replace(UUID, "<id>").replace(HEX_ID, "<id>").replace(NUMBER, "<n>");
  if (text === "") text = "(no message)";
  return text.length > MAX_NORMALISED_MESSAGE_CHARS ? text.slice(0, MAX_NORMALISED_MESSAGE_CHARS) : text;
}

/** V8: `    at fn (https://x/app.js:10:5)` or `    at https://x/app.js:10:5`. */
const V8_FRAME = /^\s*at (?:(.+?) \()?(.+?):\d+:\d+\)?\s*$/;
/** SpiderMonkey / JavaScriptCore: `fn@https://x/app.js:10:5`. */
const GECKO_FRAME = /^\s*(.*?)@(.+?):\d+:\d+\s*$/;

/** A script's file name without the build's content hash: `app.3f2a1b9c.js` and `app-x7Yz12ab.js` → `app.js`. */
export function stableFileName(location: string): string {
  const path = location.split(/[?#]/)[0] ?? "";
  const name = path.slice(path.lastIndexOf("/") + 1) || path;
  return name.replace(/[.-](?=[0-9a-zA-Z_]*\d)[0-9a-zA-Z_]{6,}(?=\.m?js$)/, "").slice(0, 100);
}

/**
 * The top frame of a stack as `function@file` (no line or column: both move with every build), or "" when
 * the stack has no frame this understands.
 */
export function topFrame(stack: string | undefined): string {
  if (!stack) return "";
  for (const line of stack.slice(0, MAX_STACK_CHARS).split("\n").slice(0, 20)) {
    const frame = V8_FRAME.exec(line) ?? GECKO_FRAME.exec(line);
    if (!frame) continue;
    const fn = (frame[1] ?? "").replace(/^async /, "").trim().slice(0, 100) || "<anonymous>";
    return `${fn}@${stableFileName(frame[2] ?? "")}`;
  }
  return "";
}

/** The `js_error` key: normalised message and top frame. */
export function errorKey(message: string, stack?: string): string {
  const frame = topFrame(stack);
  return frame ? `${normalizeErrorMessage(message)} @ ${frame}` : normalizeErrorMessage(message);
}
