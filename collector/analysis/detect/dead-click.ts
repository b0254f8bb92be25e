/**
 * dead_click (SPEC §4): a click with no response within 2.5 s, on any element (a div styled as a button
 * counts: that is the unclear call to action). A click whose first response came later but within the slow
 * window is reported as slow_response instead, not as dead. Not counted: links that navigate, downloads,
 * new-tab links, text fields, select, contenteditable, canvas/media, `html`/`body`, clicks inside a rage
 * burst, and clicks too close to the end of the recording to know. Grouped per selector and page: medium,
 * high when repeated.
 */
import type { Finding } from "../../../shared/report.ts";
import type { Detector } from "../context.ts";
import { describeForEvidence, findingTarget } from "../finding-target.ts";
import { formatClock } from "../format.ts";
import type { ClickRecord } from "../records.ts";
import { firstResponseDelay } from "../response.ts";

function excluded(click: ClickRecord): boolean {
  const t = click.target;
  return t.navigatingLink || t.download || t.newTab || t.textField || t.select || t.contentEditable ||
    t.canvasOrMedia || t.root;
}

export const detectDeadClicks: Detector = (ctx) => {
  const { rules, timeline } = ctx;
  const inBurst = new Set<ClickRecord>(ctx.bursts.flatMap((b) => b.clicks));
  const groups = new Map<string, ClickRecord[]>();
  for (const click of timeline.clicks) {
    if (inBurst.has(click) || excluded(click)) continue;
    if (click.t + rules.deadClick.noResponseMs > timeline.durationMs) continue;
    const delay = firstResponseDelay(timeline.responses, click);
    if (delay !== null && delay <= rules.slowResponse.maxMs) continue;
    const key = `${click.page}\n${click.target.selector}`;
    const group = groups.get(key);
    if (group) group.push(click);
    else groups.set(key, [click]);
  }
  const findings: Finding[] = [];
  for (const clicks of groups.values()) {
    const first = clicks[0]!;
    const last = clicks[clicks.length - 1]!;
    const when = clicks.slice(0, 3).map((c) => formatClock(c.t)).join(", ") +
      (clicks.length > 3 ? ", …" : "");
    findings.push({
      kind: "dead_click",
      startMs: first.t,
      endMs: last.t,
      severity: clicks.length >= rules.deadClick.highFromCount ? "high" : "medium",
      url: first.page,
      target: findingTarget(first.target),
      count: clicks.length,
      evidence: `${clicks.length === 1 ? "Click" : `${clicks.length} clicks`} on ${
        describeForEvidence(first.target)
      } at ${when} got no response within ${rules.deadClick.noResponseMs / 1000} s`,
    });
  }
  return findings;
};
