/**
 * Page visits as the user experienced them: a page shown for less than 300 ms with no interaction is a
 * redirect, not a visit (SPEC §4, quick_back), so it is dropped and the visits around it merge.
 */
import type { AnalysisContext } from "./context.ts";
import type { Visit } from "./records.ts";
import { hasTimeIn, lowerBound } from "./response.ts";

/** Whether a click at `t` is the one that caused the SPA navigation at `navT`, not one made on the new page. */
function causedNavigation(t: number, navT: number, causeWithinMs: number): boolean {
  return t >= navT && t - navT <= causeWithinMs;
}

function sorted(times: number[]): number[] {
  for (let i = 1; i < times.length; i++) {
    if (times[i]! < times[i - 1]!) return times.sort((a, b) => a - b);
  }
  return times;
}

/** Quick-back and navigation-loop both read the visits; they are worked out once per analysis. */
const visitsOfContext = new WeakMap<AnalysisContext, readonly Visit[]>();

export function meaningfulVisits(ctx: AnalysisContext): readonly Visit[] {
  let visits = visitsOfContext.get(ctx);
  if (!visits) {
    visits = findMeaningfulVisits(ctx);
    visitsOfContext.set(ctx, visits);
  }
  return visits;
}

function findMeaningfulVisits(ctx: AnalysisContext): Visit[] {
  const { timeline, rules } = ctx;
  // Interaction times, built only when a short visit needs the check: one sorted list per kind.
  let interactions: ReadonlyArray<readonly number[]> | undefined;
  const interactionsOf = (): ReadonlyArray<readonly number[]> => {
    if (interactions) return interactions;
    const navTimes = timeline.navigations.map((n) => n.t);
    // A page's click handler runs before rrweb's bubbling listener records the click, so a click that pushes
    // a route is recorded just after the navigation it caused: it was made on the page before.
    const clickTimes: number[] = [];
    for (const c of timeline.clicks) {
      const nav = navTimes[lowerBound(navTimes, c.t + 1e-9) - 1];
      if (nav === undefined || !causedNavigation(c.t, nav, rules.quickBack.causeWithinMs)) {
        clickTimes.push(c.t);
      }
    }
    return interactions = [clickTimes, timeline.inputs.map((i) => i.t), timeline.scrolls.map((s) => s.t)]
      .map(sorted);
  };
  const interactedIn = (from: number, to: number): boolean =>
    interactionsOf().some((times) => hasTimeIn(times, from, to));
  const visits: Visit[] = [];
  for (const visit of timeline.visits) {
    const shown = visit.endT - visit.t;
    const isLast = visit === timeline.visits[timeline.visits.length - 1];
    const redirect = !isLast && shown < rules.quickBack.redirectBelowMs &&
      !interactedIn(visit.t, visit.endT - 1e-9);
    if (redirect) continue;
    const prev = visits[visits.length - 1];
    if (prev && prev.url === visit.url) prev.endT = visit.endT;
    else visits.push({ ...visit });
  }
  return visits;
}
