/**
 * One pass over a request body's JSON bytes, before anything parses it: how deeply it nests (the
 * `MAX_JSON_DEPTH` refusal), and where the text of its top-level `events` array lies. When server-side
 * redaction and the string caps change nothing in a batch's events, ingest stores that text as it came
 * instead of JSON.stringify-ing thousands of events again (`read-batch.ts`).
 *
 * The span is given only when the text is sure to parse to the same value for every reader as the
 * re-serialized events would: exactly one top-level key `events` whose value is an array, no top-level key
 * written with escapes (JSON.parse would decode it and might read another `events`), valid UTF-8, and no
 * number that JSON.parse turns into -0 or ±Infinity (JSON.stringify writes those as 0 and null). Numbers are
 * flagged conservatively: any exponent, a leading `-0` or a run of more than 308 digits.
 */
import { MAX_JSON_DEPTH } from "../../shared/limits.ts";
import { storedString, type StringRules } from "./stored-string.ts";

/**
 * Byte offsets of the `events` array's text (`[` … `]`), how many elements it holds, and how many object keys
 * are written inside it (`keys`) and in the rest of the body (`otherKeys`). JSON.parse keeps one value per
 * repeated key, so a parsed value with fewer keys than its text had a repeated key whose other value nobody
 * validated or redacted: such a text must not be stored as it came.
 */
export type EventsSpan = {
  start: number;
  end: number;
  count: number;
  keys: number;
  otherKeys: number;
  /**
   * Every string value written in the events text — also one JSON.parse drops for a repeated key — is one
   * that ingest stores as it is (`storedString`), so nothing in the events needs redacting or capping. Only
   * checked when the scan is given the rules and the text is ASCII; false when unchecked. The scan does not
   * know where a string sits, so it checks each as data: a style sheet it cannot vouch for (over the cap, or
   * with a phone-like `255 255 255`) sends the batch to the walk, which may still find nothing to change.
   */
  stringsKept: boolean;
};
export type BodyScan = { tooDeep: boolean; events: EventsSpan | null };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const ZERO = 0x30;
const NINE = 0x39;
const DOT = 0x2e;
/** Digits past this many in a row could overflow a double (Number.MAX_VALUE has 309). */
const MAX_SAFE_DIGIT_RUN = 308;
const EVENTS_KEY = [0x65, 0x76, 0x65, 0x6e, 0x74, 0x73]; // "events"

/** What a byte outside a string means to the scan; any other byte (letters of true/false/null, `.`) is 0. */
const DIGIT = 1;
const SPACE = 2;
const STRING = 3;
const OPEN = 4;
const CLOSE = 5;
const COLON = 6;
const COMMA = 7;
const MINUS = 8;
const EXPONENT = 9;
const LOWER_E = 10;
const CLASS = new Uint8Array(256);
for (let b = ZERO; b <= NINE; b++) CLASS[b] = DIGIT;
for (const b of [0x20, 0x0a, 0x0d, 0x09]) CLASS[b] = SPACE;
CLASS[QUOTE] = STRING;
CLASS[0x7b] = OPEN;
CLASS[OPEN_ARRAY] = OPEN;
CLASS[0x7d] = CLOSE;
CLASS[0x5d] = CLOSE;
CLASS[0x3a] = COLON;
CLASS[0x2c] = COMMA;
CLASS[0x2d] = MINUS;
CLASS[0x2b] = EXPONENT; // `+` appears outside strings only in an exponent
CLASS[0x45] = EXPONENT; // `E` likewise
CLASS[0x65] = LOWER_E; // `e`: an exponent after a digit, else the end of true/false

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

const NOTHING: BodyScan = { tooDeep: false, events: null };

export function scanJsonBody(bytes: Uint8Array, maxDepth = MAX_JSON_DEPTH, rules?: StringRules): BodyScan {
  const n = bytes.length;
  let depth = 0;
  // The last string closed at depth 1, so the `:` after it marks it as a key.
  let keyStart = -1;
  let keyEnd = -1;
  let keyEscaped = false;
  let eventsKeys = 0;
  let start = -1;
  let end = -1;
  let commas = 0;
  let colons = 0;
  // Every byte of every string OR-ed together: without a high bit, the body is ASCII and so valid UTF-8.
  let stringBits = 0;
  let eventsColons = 0;
  let safe = true;
  // String values inside the events array, as [start, end, escaped (1/0)] triples; a string is a value
  // unless a `:` follows it, which the scan knows only at the next `:`, `,` or closing bracket.
  const values: number[] = [];
  let pendingStart = -1;
  let pendingEnd = -1;
  let pendingEscaped = false;

  let i = 0;
  while (i < n && CLASS[bytes[i] as number] === SPACE) i++;
  const topIsObject = bytes[i] === 0x7b;

  for (; i < n; i++) {
    switch (CLASS[bytes[i] as number]) {
      case STRING: {
        const first = i + 1;
        let escaped = false;
        for (i = first; i < n; i++) {
          const byte = bytes[i] as number;
          stringBits |= byte;
          if (byte === QUOTE) break;
          if (byte === BACKSLASH) {
            escaped = true;
            i++;
          }
        }
        if (depth === 1) {
          keyStart = first;
          keyEnd = i;
          keyEscaped = escaped;
        } else if (start >= 0 && end < 0) {
          pendingStart = first;
          pendingEnd = i;
          pendingEscaped = escaped;
        }
        break;
      }
      case DIGIT: {
        const first = i;
        while (i + 1 < n && CLASS[bytes[i + 1] as number] === DIGIT) i++;
        if (i + 1 - first > MAX_SAFE_DIGIT_RUN) safe = false;
        break;
      }
      case OPEN:
        if (++depth > maxDepth) return { tooDeep: true, events: null };
        break;
      case CLOSE:
        if (pendingStart >= 0) {
          values.push(pendingStart, pendingEnd, pendingEscaped ? 1 : 0);
          pendingStart = -1;
        }
        if (depth === 2 && start >= 0 && end < 0) end = i + 1;
        depth--;
        break;
      case COLON:
        pendingStart = -1;
        colons++;
        if (depth >= 2 && start >= 0 && end < 0) eventsColons++;
        if (depth !== 1 || keyEnd < 0) break;
        if (keyEscaped) safe = false;
        else if (isEventsKey(bytes, keyStart, keyEnd)) {
          eventsKeys++;
          let next = i + 1;
          while (next < n && CLASS[bytes[next] as number] === SPACE) next++;
          if (bytes[next] === OPEN_ARRAY && start < 0) start = next;
          else safe = false;
        }
        break;
      case COMMA:
        if (pendingStart >= 0) {
          values.push(pendingStart, pendingEnd, pendingEscaped ? 1 : 0);
          pendingStart = -1;
        }
        if (depth === 2 && start >= 0 && end < 0) commas++;
        break;
      case MINUS:
        if (bytes[i + 1] === ZERO) safe = false;
        break;
      case EXPONENT:
        safe = false;
        break;
      case LOWER_E: {
        const before = bytes[i - 1] ?? 0;
        if (CLASS[before] === DIGIT || before === DOT) safe = false;
        break;
      }
    }
  }

  if (!safe || !topIsObject || eventsKeys !== 1 || start < 0 || end < 0) return NOTHING;
  // A byte with the high bit outside a string is not JSON at all, and JSON.parse refuses the body.
  if (stringBits >= 0x80) {
    try {
      STRICT_UTF8.decode(bytes.subarray(start, end));
    } catch {
      return NOTHING;
    }
  }
  const count = hasElement(bytes, start, end) ? commas + 1 : 0;
  const stringsKept = rules !== undefined && stringBits < 0x80 &&
    valuesKept(bytes, start, end, values, rules);
  return {
    tooDeep: false,
    events: { start, end, count, keys: eventsColons, otherKeys: colons - eventsColons, stringsKept },
  };
}

const ASCII = new TextDecoder();

/**
 * Whether ingest stores every string value in `values` as it is. The text is ASCII, so byte offsets are
 * string offsets; a string written with escapes is decoded by JSON.parse, as the batch's reader will.
 */
function valuesKept(
  bytes: Uint8Array,
  start: number,
  end: number,
  values: number[],
  rules: StringRules,
): boolean {
  const text = ASCII.decode(bytes.subarray(start, end));
  for (let k = 0; k < values.length; k += 3) {
    const raw = text.slice((values[k] as number) - start, (values[k + 1] as number) - start);
    let value = raw;
    if (values[k + 2] === 1) {
      try {
        value = JSON.parse(`"${raw}"`) as string;
      } catch {
        return false;
      }
    }
    if (storedString(value, rules) !== value) return false;
  }
  return true;
}

function isEventsKey(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start !== EVENTS_KEY.length) return false;
  for (let k = 0; k < EVENTS_KEY.length; k++) if (bytes[start + k] !== EVENTS_KEY[k]) return false;
  return true;
}

/** Whether `[` … `]` holds anything but whitespace. */
function hasElement(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start + 1; i < end - 1; i++) if (CLASS[bytes[i] as number] !== SPACE) return true;
  return false;
}

/**
 * The body with `[]` in place of the events text that `span` locates: the rest of an `ingest.batch` body, for
 * whoever parses it apart from the events. The span starts and ends on ASCII brackets, so the result is valid
 * UTF-8 exactly when the body was.
 */
export function withEventsEmptied(bytes: Uint8Array, span: { start: number; end: number }): Uint8Array {
  const out = new Uint8Array(span.start + 2 + bytes.length - span.end);
  out.set(bytes.subarray(0, span.start), 0);
  out[span.start] = OPEN_ARRAY;
  out[span.start + 1] = 0x5d; // ]
  out.set(bytes.subarray(span.end), span.start + 2);
  return out;
}
