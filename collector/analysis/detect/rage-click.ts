/**
 * rage_click (SPEC §4): ≥ 3 clicks, each < 1 s after the previous, within 30 px of the first, on the same
 * target (the bursts are found once, in context.ts). Not counted: bursts with a selection or a scroll (a
 * double or triple click that selects text, or clicking while scrolling), text fields, steppers and
 * next/prev controls, and `[data-rerun-ignore-rage]`. High when ≥ 5 clicks or when no click of the burst got
 * any response (it is also dead), else medium.
 */
import type { Finding } from "../../../shared/report.ts";
import type { AnalysisContext, ClickBurst, Detector } from "../context.ts";
import { describeForEvidence, findingTarget } from "../finding-target.ts";
import { formatDurationHuman } from "../../../shared/duration.ts";
import { formatClock } from "../format.ts";
import { firstResponseDelay, hasTimeIn } from "../response.ts";

/** Whether a burst is reported as a rage click (the exclusions above); its clicks are then no other finding. */
export function countsAsRage(ctx: AnalysisContext, burst: ClickBurst): boolean {
  const { rules, timeline } = ctx;
  const first = burst.clicks[0]!;
  const last = burst.clicks[burst.clicks.length - 1]!;
  const target = first.target;
  if (target.textField || target.stepper || target.ignoreRage) return false;
  const selecting = hasTimeIn(timeline.selections, first.pressT, last.t + rules.response.scrollWithinMs);
  const scrolling = hasTimeIn(timeline.responses.scroll, first.pressT, last.t);
  return !selecting && !scrolling;
}

export const detectRageClicks: Detector = (ctx) => {
  const { rules, timeline } = ctx;
  const findings: Finding[] = [];
  for (const burst of ctx.bursts) {
    if (!countsAsRage(ctx, burst)) continue;
    const { clicks } = burst;
    const first = clicks[0]!;
    const last = clicks[clicks.length - 1]!;
    const target = first.target;
    const observed = last.t + rules.deadClick.noResponseMs <= timeline.durationMs;
    const dead = observed && clicks.every((c) => {
      const delay = firstResponseDelay(timeline.responses, c);
      return delay === null || delay > rules.deadClick.noResponseMs;
    });
    const many = clicks.length >= rules.rageClick.highFromClicks;
    findings.push({
      kind: "rage_click",
      startMs: first.t,
      endMs: last.t,
      severity: many || dead ? "high" : "medium",
      url: first.page,
      target: findingTarget(target),
      count: clicks.length,
      evidence: `${clicks.length} clicks in ${formatDurationHuman(last.t - first.t)} on ${
        describeForEvidence(target)
      } at ${formatClock(first.t)}${dead ? ", none answered" : ""}`,
    });
  }
  return findings;
};
