/**
 * navigation_loop (SPEC §4): the same URL visited ≥ 3 times within 60 s, or an A↔B cycle repeated ≥ 2
 * times (A → B → A → B → A: two round trips), with no successful submit in between (a submit followed
 * within 3 s by leaving the page or a 2xx). URLs are stripped, so hash-only changes are not visits at all.
 * Overlapping loops merge into one finding. Medium.
 */
import type { Finding } from "../../../shared/report.ts";
import type { Detector } from "../context.ts";
import { formatDurationHuman } from "../../../shared/duration.ts";
import { formatClock } from "../format.ts";
import { meaningfulVisits } from "../visits.ts";

type Span = { from: number; to: number };

export const detectNavigationLoops: Detector = (ctx) => {
  const { rules, timeline } = ctx;
  const visits = meaningfulVisits(ctx);
  const spans: Span[] = [];
  const progressed = (from: number, to: number): boolean =>
    timeline.submits.some((s) => s.t >= visits[from]!.t && s.t <= visits[to]!.t && ctx.submitSucceeded(s));
  const indicesByUrl = new Map<string, number[]>();
  visits.forEach((v, i) => {
    const list = indicesByUrl.get(v.url);
    if (list) list.push(i);
    else indicesByUrl.set(v.url, [i]);
  });
  const n = rules.navigationLoop.minVisits;
  for (const indices of indicesByUrl.values()) {
    for (let k = 0; k + n - 1 < indices.length; k++) {
      const from = indices[k]!;
      const to = indices[k + n - 1]!;
      if (visits[to]!.t - visits[from]!.t <= rules.navigationLoop.visitsWithinMs && !progressed(from, to)) {
        spans.push({ from, to });
      }
    }
  }
  // Alternating runs: each visit repeats the one two steps back and differs from the one before.
  const minRun = rules.navigationLoop.minCycles * 2 + 1;
  const closeRun = (from: number, to: number): void => {
    if (to - from + 1 >= minRun && !progressed(from, to)) spans.push({ from, to });
  };
  let runStart = 0;
  for (let i = 2; i < visits.length; i++) {
    if (visits[i]!.url === visits[i - 2]!.url) continue;
    closeRun(runStart, i - 1);
    runStart = i - 1;
  }
  closeRun(runStart, visits.length - 1);
  spans.sort((x, y) => x.from - y.from);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.from <= last.to) last.to = Math.max(last.to, span.to);
    else merged.push({ ...span });
  }
  return merged.map((span): Finding => {
    const path = visits.slice(span.from, span.to + 1);
    const counts = new Map<string, number>();
    for (const v of path) counts.set(v.url, (counts.get(v.url) ?? 0) + 1);
    const [url, count] = [...counts.entries()].sort((x, y) => y[1] - x[1])[0]!;
    const start = path[0]!.t;
    const end = path[path.length - 1]!.t;
    return {
      kind: "navigation_loop",
      startMs: start,
      endMs: end,
      severity: "medium",
      url,
      count,
      evidence: `Visited ${url} ${count} times in ${formatDurationHuman(end - start)} from ${
        formatClock(start)
      } (${path.length} page views, no successful submit)`,
    };
  });
};
