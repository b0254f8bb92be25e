/**
 * quick_back (SPEC §4): the user leaves page A for B and is back on A within 5 s of arriving on B; the
 * finding is about B, the page that did not give them what they came for. Redirects (B shown < 300 ms with
 * no interaction) are not visits (visits.ts). Not counted either when a submit attempt on A came just before
 * A was left: the round trip is the form's (submit → POST → redirect back), not the user going back. Low.
 */
import type { Finding } from "../../../shared/report.ts";
import type { Detector } from "../context.ts";
import { formatDurationHuman } from "../../../shared/duration.ts";
import { formatClock } from "../format.ts";
import type { Visit } from "../records.ts";
import { meaningfulVisits } from "../visits.ts";

export const detectQuickBacks: Detector = (ctx) => {
  const visits = meaningfulVisits(ctx);
  const { submits } = ctx.timeline;
  const leftBySubmit = (a: Visit): boolean =>
    submits.some((s) =>
      s.page === a.url && s.t <= a.endT && a.endT - s.t <= ctx.rules.quickBack.submitWithinMs
    );
  const findings: Finding[] = [];
  for (let i = 0; i + 2 < visits.length; i++) {
    const a = visits[i]!;
    const b = visits[i + 1]!;
    const back = visits[i + 2]!;
    if (back.url !== a.url || back.t - b.t > ctx.rules.quickBack.withinMs || leftBySubmit(a)) continue;
    findings.push({
      kind: "quick_back",
      startMs: b.t,
      endMs: back.t,
      severity: "low",
      url: b.url,
      evidence: `Left ${a.url} for ${b.url} at ${formatClock(b.t)} and was back ${
        formatDurationHuman(back.t - b.t)
      } later`,
    });
  }
  return findings;
};
