/**
 * When did the page answer a click? SPEC §4: a response is a DOM mutation, a style/canvas/media/selection
 * event, a navigation, an input event or a captured request starting (at any time), a scroll within 300 ms,
 * or a focus or visibility change within 1 s. Times are sorted, so each lookup is a binary search.
 */
import type { ClickRecord, ResponseTimes } from "./records.ts";
import { RULES } from "./rules.ts";

/** Index of the first element of sorted `times` that is ≥ `t`. */
export function lowerBound(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether sorted `times` holds a value in [from, to]. */
export function hasTimeIn(times: readonly number[], from: number, to: number): boolean {
  const i = lowerBound(times, from);
  return i < times.length && times[i]! <= to;
}

/** Offset (ms after the click) of the first response to `click`, or null when none came at all. */
export function firstResponseDelay(responses: ResponseTimes, click: ClickRecord): number | null {
  const from = click.pressT;
  let best = Infinity;
  const any = responses.any[lowerBound(responses.any, from)];
  if (any !== undefined) best = any;
  const scroll = responses.scroll[lowerBound(responses.scroll, from)];
  if (scroll !== undefined && scroll - click.t <= RULES.response.scrollWithinMs) {
    best = Math.min(best, scroll);
  }
  const focus = responses.focus[lowerBound(responses.focus, from)];
  if (focus !== undefined && focus - click.t <= RULES.response.focusWithinMs) best = Math.min(best, focus);
  return best === Infinity ? null : Math.max(0, best - click.t);
}
