/**
 * A batch's events (and meta, `prepareMeta`) as ingest stores them: URLs stripped and people's data redacted
 * and capped (in place; `event-strings.ts` says which strings are data), with the figures the batch row needs. One definition for
 * both places that do it: the event loop, for a batch that arrived already parsed, and the batch reader's
 * Worker, which reads the events text of an `ingest.batch` body (`readEvents`) so that parsing thousands of
 * events never holds the event loop. Pure.
 */
import { type IngestBatch, type RecordedEvent, RecordedEventListSchema } from "../../shared/batch.ts";
import { replaceStringsInPlace } from "../../shared/redact.ts";
import { stripUrl } from "../../shared/url.ts";
import { MAX_JSON_DEPTH } from "../../shared/limits.ts";
import type { EventsSpan } from "./body-scan.ts";
import { replaceEventStringsInPlace } from "./event-strings.ts";
import { eventPages } from "./pages.ts";
import { storedString, type StringRules } from "./stored-string.ts";
import { stripEventUrls } from "./strip-event-urls.ts";

/**
 * How deep redaction and caps reach: as deep as the HTTP edge lets a body nest, so no string of an accepted
 * batch escapes them. A full snapshot nests two levels per DOM level, so a fixed 64 left text more than ~30
 * elements deep unredacted.
 */
export const MAX_REDACT_DEPTH = MAX_JSON_DEPTH + 1;

export type PreparedEvents = {
  count: number;
  firstTs: number | null;
  lastTs: number | null;
  /** The events' pages in first-seen order (`eventPages`), as pairs so they can be posted between threads. */
  pages: Array<[url: string, firstTs: number]>;
  /**
   * The request's events text holds exactly the stored events, so it may be stored as it came: as many
   * events, nothing changed, and no key written twice (JSON.parse kept one of its values; the text keeps
   * both).
   */
  asSent: boolean;
};

/**
 * Strips, redacts and caps `events` in place (the parsed request body belongs to this request, and copying
 * thousands of events only fed the garbage collector) and works out the row's figures. `span` is the scan of
 * the request's events text, when there is one: when it found every string of that text stored as it is
 * (`stringsKept`), the walk over the events is skipped — for a batch the SDK has already masked and
 * redacted it found nothing, and it was the largest cost after parsing.
 */
export function prepareEvents(
  events: RecordedEvent[],
  span: EventsSpan | undefined,
  rules: StringRules,
): PreparedEvents {
  let stripped = 0;
  if (rules.redact) {
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as RecordedEvent;
      const out = stripEventUrls(event);
      if (out !== event) {
        events[i] = out;
        stripped++;
      }
    }
  }
  const sameEvents = span !== undefined && span.count === events.length && stripped === 0;
  let asSent = sameEvents && span.stringsKept;
  if (!asSent) {
    let changed = 0;
    const keys = replaceEventStringsInPlace(events, MAX_REDACT_DEPTH, (text, kind) => {
      const out = storedString(text, rules, kind);
      if (out !== text) changed++;
      return out;
    });
    asSent = sameEvents && changed === 0 && span.keys === keys;
  }
  return { count: events.length, ...timeRange(events), pages: [...eventPages(events)], asSent };
}

function timeRange(events: Array<{ timestamp: number }>): { firstTs: number | null; lastTs: number | null } {
  let firstTs: number | null = null;
  let lastTs: number | null = null;
  for (const event of events) {
    const ts = Math.round(event.timestamp);
    if (firstTs === null || ts < firstTs) firstTs = ts;
    if (lastTs === null || ts > lastTs) lastTs = ts;
  }
  return { firstTs, lastTs };
}

/** A zod issue as it crosses between threads: what the error formatter reads. */
export type EventIssue = { code: string; path: Array<string | number>; message: string };

/**
 * The events of an `ingest.batch` body, read where it was gunzipped:
 * - `ok`: valid and prepared; `text` is the stored events' JSON when it differs from the request's;
 * - `invalid`: the issues `IngestBatchSchema` would name for them (paths from the body's root);
 * - `unread`: the text does not parse, so the body goes to tRPC whole and gets its usual parse error.
 */
export type EventsRead =
  | { kind: "ok"; prepared: PreparedEvents; text: Uint8Array | null }
  | { kind: "invalid"; issues: EventIssue[] }
  | { kind: "unread" };

const UTF8_DECODER = new TextDecoder();
const UTF8_ENCODER = new TextEncoder();

/**
 * Parses, validates and prepares the events text that `span` (the body scan, which found it valid UTF-8)
 * locates in `bytes`.
 */
export function readEvents(bytes: Uint8Array, span: EventsSpan, rules: StringRules): EventsRead {
  let value: unknown;
  try {
    value = JSON.parse(UTF8_DECODER.decode(bytes.subarray(span.start, span.end)));
  } catch {
    return { kind: "unread" };
  }
  const checked = RecordedEventListSchema.safeParse(value);
  if (!checked.success) {
    return {
      kind: "invalid",
      issues: checked.error.issues.map((issue) => ({
        code: issue.code,
        path: ["events", ...issue.path.map((p) => (typeof p === "number" ? p : String(p)))],
        message: issue.message,
      })),
    };
  }
  const events = checked.data;
  const prepared = prepareEvents(events, span, rules);
  return {
    kind: "ok",
    prepared,
    text: prepared.asSent ? null : UTF8_ENCODER.encode(JSON.stringify(events)),
  };
}

/** When SERVER_SIDE_REDACTION, strips the page URL; redacts and caps every string (`storedString`). */
export function prepareMeta(meta: IngestBatch["meta"], rules: StringRules): void {
  if (rules.redact && meta.url !== undefined) meta.url = stripUrl(meta.url);
  replaceStringsInPlace(meta, MAX_REDACT_DEPTH, (text) => storedString(text, rules));
}
