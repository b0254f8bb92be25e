/**
 * What an LLM review sends: the friction report and the redacted narrative, nothing else — never keys, raw
 * events or unredacted text. Both were redacted by the collector; they are redacted once more here because
 * this is the last point before the data leaves the machine. The narrative is cut to a bounded size.
 */
import { redactDeep, redactString } from "../../shared/redact.ts";
import type { FrictionReport } from "../../shared/report.ts";

/** Enough narrative for a 30-minute session's story; longer ones are cut with a note. */
export const MAX_NARRATIVE_CHARS = 60_000;

export const REVIEW_SYSTEM_PROMPT =
  "You review one user session of a web app for a product engineer. You get a friction report (JSON) and a " +
  "narrative (CSV: t_ms,page,kind,target,detail) recorded with all text masked. Explain, in at most 10 short " +
  "bullet points, what the user tried to do, where they struggled and the most likely cause of each problem, " +
  "citing timestamps as mm:ss. End with the single most valuable fix. Do not speculate about who the user is.";

export type ReviewRequest = { system: string; user: string };

/** Builds the exact text that will be sent. Pure, so tests can assert on it. */
export function buildReviewRequest(report: FrictionReport, narrativeCsv: string): ReviewRequest {
  let narrative = narrativeCsv;
  if (narrative.length > MAX_NARRATIVE_CHARS) {
    const cut = narrative.lastIndexOf("\n", MAX_NARRATIVE_CHARS);
    narrative = narrative.slice(0, cut > 0 ? cut : MAX_NARRATIVE_CHARS) +
      "\n# narrative truncated: later rows omitted";
  }
  // Values are redacted field by field, so the report's own keys (e.g. "sessionId") are not mistaken for
  // `key: value` secrets.
  const user = [
    "Friction report:",
    JSON.stringify(redactDeep(report), null, 2),
    "",
    "Narrative:",
    redactString(narrative),
  ].join("\n");
  return { system: REVIEW_SYSTEM_PROMPT, user };
}
