/**
 * What ingest stores for a string of a batch: people's data is redacted when SERVER_SIDE_REDACTION, then
 * capped at MAX_STORED_STRING_BYTES; the page's presentation (style sheets, SVG geometry: `event-strings.ts`)
 * is stored as it came. One definition for the places that apply it — the walk over a parsed batch
 * (`prepare-events.ts`, `read-batch.ts`) and the check of the events text where the body is gunzipped
 * (`body-scan.ts`, which treats every string as data: whatever it keeps, the walk keeps too) — so they cannot
 * disagree about which strings change.
 */
import type { CollectorConfig } from "../../shared/config.ts";
import { DEFAULT_REDACTION_RULES, redactString } from "../../shared/redact.ts";
import { capString } from "./cap-strings.ts";
import type { StringKind } from "./event-strings.ts";

/** The settings a stored string depends on; plain data, so they can be posted to the batch reader's Worker. */
export type StringRules = { redact: boolean; maxBytes: number };

/** The collector's {@link StringRules}: SERVER_SIDE_REDACTION and MAX_STORED_STRING_BYTES. */
export function stringRulesOf(
  config: Pick<CollectorConfig, "SERVER_SIDE_REDACTION" | "MAX_STORED_STRING_BYTES">,
): StringRules {
  return { redact: config.SERVER_SIDE_REDACTION, maxBytes: config.MAX_STORED_STRING_BYTES };
}

/**
 * Presentation is not capped either: a style sheet cut anywhere breaks every later rule inserted into it by
 * index, so it is bounded only by MAX_BODY_BYTES, like the batch that carries it (Emotion's sheets in Material
 * UI are 24–25 KB, a framework's inlined `<link>` sheet often 100–300 KB).
 */
export function storedString(text: string, rules: StringRules, kind: StringKind = "data"): string {
  if (kind === "presentation") return text;
  return capString(rules.redact ? redactString(text, DEFAULT_REDACTION_RULES) : text, rules.maxBytes);
}
