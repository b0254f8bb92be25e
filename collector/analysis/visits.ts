/**
 * Page visits as the user experienced them: a page shown for less than 300 ms with no interaction is a
 * redirect, not a visit (SPEC §4, quick_back), so it is dropped and the visits around it merge.
 */
import type { AnalysisContext } from "./context.ts";
import type { Visit } from "./records.ts";
import { hasTimeIn } from "./response.ts";

export function meaningfulVisits(ctx: AnalysisContext): Visit[] {
  const { timeline, rules } = ctx;
  const interactions = [
    ...timeline.clicks.map((c) => c.t),
    ...timeline.inputs.map((i) => i.t),
    ...timeline.scrolls.map((s) => s.t),
  ].sort((a, b) => a - b);
  const visits: Visit[] = [];
  for (const visit of timeline.visits) {
    const shown = visit.endT - visit.t;
    const isLast = visit === timeline.visits[timeline.visits.length - 1];
    const redirect = !isLast && shown < rules.quickBack.redirectBelowMs &&
      !hasTimeIn(interactions, visit.t, visit.endT - 1e-9);
    if (redirect) continue;
    const prev = visits[visits.length - 1];
    if (prev && prev.url === visit.url) prev.endT = visit.endT;
    else visits.push({ ...visit });
  }
  return visits;
}
