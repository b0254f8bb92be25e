/**
 * slow_response (SPEC §4): the first response to a click came 2.5–7 s after it, or a captured request took
 * longer than 3 s. Requests to the collector itself and clicks of a burst reported as a rage click are not
 * counted. Low below 5 s, else medium.
 */
import type { Finding, Severity } from "../../../shared/report.ts";
import type { Detector } from "../context.ts";
import type { ClickRecord } from "../records.ts";
import { countsAsRage } from "./rage-click.ts";
import { describeForEvidence, findingTarget } from "../finding-target.ts";
import { formatDurationHuman } from "../../../shared/duration.ts";
import { formatClock } from "../format.ts";
import { firstResponseDelay } from "../response.ts";

export const detectSlowResponses: Detector = (ctx) => {
  const { rules, timeline } = ctx;
  const severity = (ms: number): Severity => ms < rules.slowResponse.mediumFromMs ? "low" : "medium";
  const findings: Finding[] = [];
  const inRage = new Set<ClickRecord>(
    ctx.bursts.filter((b) => countsAsRage(ctx, b)).flatMap((b) => b.clicks),
  );
  for (const click of timeline.clicks) {
    const t = click.target;
    if (t.textField || t.select || t.contentEditable || inRage.has(click)) continue;
    const delay = firstResponseDelay(timeline.responses, click);
    if (delay === null || delay <= rules.slowResponse.minMs || delay > rules.slowResponse.maxMs) continue;
    findings.push({
      kind: "slow_response",
      startMs: click.t,
      endMs: click.t + delay,
      severity: severity(delay),
      url: click.page,
      target: findingTarget(t),
      evidence: `Click on ${describeForEvidence(t)} at ${formatClock(click.t)} first got a response after ${
        formatDurationHuman(delay)
      }`,
    });
  }
  for (const request of timeline.network) {
    if (request.durationMs <= rules.slowResponse.requestMs || ctx.isCollectorUrl(request.url)) continue;
    findings.push({
      kind: "slow_response",
      startMs: request.t,
      endMs: request.endT,
      severity: severity(request.durationMs),
      url: request.page,
      evidence: `${request.method} ${request.url} took ${
        formatDurationHuman(request.durationMs)
      } (started at ${formatClock(request.t)})`,
    });
  }
  return findings;
};
