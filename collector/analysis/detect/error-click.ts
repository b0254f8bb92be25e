/**
 * error_click (SPEC §4): a JS error ≤ 1 s after a click; the finding names the clicked target. Each error
 * belongs to the latest click before it, so a burst of clicks with one error yields one finding. Errors of
 * the SDK itself are not counted. Always high.
 */
import type { Finding } from "../../../shared/report.ts";
import type { Detector } from "../context.ts";
import { describeForEvidence, findingTarget } from "../finding-target.ts";
import { formatDurationHuman } from "../../../shared/duration.ts";
import { formatClock } from "../format.ts";
import type { ClickRecord, ErrorRecord } from "../records.ts";
import { lowerBound } from "../response.ts";
import { shortMessage } from "./js-error.ts";

export const detectErrorClicks: Detector = (ctx) => {
  const { rules, timeline } = ctx;
  const clickTimes = timeline.clicks.map((c) => c.t);
  const byClick = new Map<ClickRecord, ErrorRecord[]>();
  for (const error of timeline.errors) {
    if (error.sdk) continue;
    // The latest click at or before the error.
    const click = timeline.clicks[lowerBound(clickTimes, error.t + 1e-9) - 1];
    if (!click || error.t - click.t > rules.errorClick.withinMs) continue;
    const list = byClick.get(click);
    if (list) list.push(error);
    else byClick.set(click, [error]);
  }
  const findings: Finding[] = [];
  for (const [click, errors] of byClick) {
    const first = errors[0]!;
    findings.push({
      kind: "error_click",
      startMs: click.t,
      endMs: errors[errors.length - 1]!.t,
      severity: "high",
      url: click.page,
      target: findingTarget(click.target),
      count: errors.length,
      evidence: `Click on ${describeForEvidence(click.target)} at ${formatClock(click.t)} was followed ${
        formatDurationHuman(first.t - click.t)
      } later by "${shortMessage(first.message)}"`,
    });
  }
  return findings;
};
