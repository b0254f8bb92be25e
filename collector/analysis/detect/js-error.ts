/**
 * js_error (SPEC §4): one finding per distinct (message, page), with its count. Errors the SDK reports
 * about itself are not counted. Medium, high when it repeats.
 */
import type { Finding } from "../../../shared/report.ts";
import type { Detector } from "../context.ts";
import { formatClock } from "../format.ts";
import type { ErrorRecord } from "../records.ts";

const MAX_MESSAGE_CHARS = 120;

/** The error message on one line, cut to a readable length. */
export function shortMessage(message: string): string {
  const line = message.replace(/\s+/g, " ").trim() || "(no message)";
  return line.length > MAX_MESSAGE_CHARS ? line.slice(0, MAX_MESSAGE_CHARS - 1) + "…" : line;
}

export const detectJsErrors: Detector = (ctx) => {
  const groups = new Map<string, ErrorRecord[]>();
  for (const error of ctx.timeline.errors) {
    if (error.sdk) continue;
    const key = `${error.page}\n${error.message}`;
    const group = groups.get(key);
    if (group) group.push(error);
    else groups.set(key, [error]);
  }
  const findings: Finding[] = [];
  for (const errors of groups.values()) {
    const first = errors[0]!;
    const n = errors.length;
    findings.push({
      kind: "js_error",
      startMs: first.t,
      endMs: errors[n - 1]!.t,
      severity: n >= ctx.rules.jsError.highFromCount ? "high" : "medium",
      url: first.page,
      count: n,
      evidence: `"${shortMessage(first.message)}" ${n === 1 ? "once" : `${n} times`}, first at ${
        formatClock(first.t)
      }`,
    });
  }
  return findings;
};
