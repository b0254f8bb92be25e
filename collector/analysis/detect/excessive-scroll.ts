/**
 * excessive_scroll (SPEC §4): ≥ 4 direction reversals on one scroll target, each < 500 ms after the
 * previous scroll of that target, within 10 s: someone hunting up and down for something. A slow reader's
 * occasional step back is too far apart to count. Reversals while a button is held (dragging, including a
 * scrollbar) or right after a text selection are not counted. Low.
 */
import type { Finding } from "../../../shared/report.ts";
import type { Detector } from "../context.ts";
import { formatDurationHuman } from "../../../shared/duration.ts";
import { formatClock } from "../format.ts";
import type { PressSpan, ScrollRecord } from "../records.ts";
import { hasTimeIn, lowerBound } from "../response.ts";

function isPressed(presses: readonly PressSpan[], starts: readonly number[], t: number): boolean {
  const press = presses[lowerBound(starts, t + 1e-9) - 1];
  return press !== undefined && press.to >= t;
}

export const detectExcessiveScrolls: Detector = (ctx) => {
  const { rules, timeline } = ctx;
  const r = rules.excessiveScroll;
  const pressStarts = timeline.presses.map((p) => p.from);
  const byTarget = new Map<string, ScrollRecord[]>();
  for (const scroll of timeline.scrolls) {
    const list = byTarget.get(scroll.key);
    if (list) list.push(scroll);
    else byTarget.set(scroll.key, [scroll]);
  }
  const findings: Finding[] = [];
  for (const scrolls of byTarget.values()) {
    const reversals: ScrollRecord[] = [];
    let direction = 0;
    for (let i = 1; i < scrolls.length; i++) {
      const prev = scrolls[i - 1]!;
      const cur = scrolls[i]!;
      const dy = cur.y - prev.y;
      const step = Math.sign(dy !== 0 ? dy : cur.x - prev.x);
      if (step === 0) continue;
      const reversed = direction !== 0 && step !== direction && cur.t - prev.t < r.maxGapMs;
      direction = step;
      if (!reversed) continue;
      if (isPressed(timeline.presses, pressStarts, cur.t)) continue;
      if (hasTimeIn(timeline.selections, cur.t - r.selectionWithinMs, cur.t)) continue;
      reversals.push(cur);
    }
    let i = 0;
    while (i < reversals.length) {
      let j = i;
      while (j + 1 < reversals.length && reversals[j + 1]!.t - reversals[i]!.t <= r.withinMs) j++;
      const count = j - i + 1;
      if (count < r.minReversals) {
        i++;
        continue;
      }
      const first = reversals[i]!;
      const last = reversals[j]!;
      findings.push({
        kind: "excessive_scroll",
        startMs: first.t,
        endMs: last.t,
        severity: "low",
        url: first.page,
        target: { selector: first.selector },
        count,
        evidence: `Scrolled ${first.selector} back and forth ${count} times in ${
          formatDurationHuman(last.t - first.t)
        } from ${formatClock(first.t)}`,
      });
      i = j + 1;
    }
  }
  return findings;
};
