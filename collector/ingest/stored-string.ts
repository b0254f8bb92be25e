/**
 * What ingest stores for a string of a batch: redacted when SERVER_SIDE_REDACTION, then capped at
 * MAX_STORED_STRING_BYTES. One definition for the two places that apply it — the walk over a parsed batch
 * (`accept-batch.ts`) and the check of the events text where the body is gunzipped (`body-scan.ts`) — so
 * they cannot disagree about which strings change.
 */
import type { CollectorConfig } from "../../shared/config.ts";
import { DEFAULT_REDACTION_RULES, redactString } from "../../shared/redact.ts";
import { capString } from "./cap-strings.ts";

/** The settings a stored string depends on; plain data, so they can be posted to the compression Worker. */
export type StringRules = { redact: boolean; maxBytes: number };

/** The collector's {@link StringRules}: SERVER_SIDE_REDACTION and MAX_STORED_STRING_BYTES. */
export function stringRulesOf(
  config: Pick<CollectorConfig, "SERVER_SIDE_REDACTION" | "MAX_STORED_STRING_BYTES">,
): StringRules {
  return { redact: config.SERVER_SIDE_REDACTION, maxBytes: config.MAX_STORED_STRING_BYTES };
}

export function storedString(text: string, rules: StringRules): string {
  return capString(rules.redact ? redactString(text, DEFAULT_REDACTION_RULES) : text, rules.maxBytes);
}
