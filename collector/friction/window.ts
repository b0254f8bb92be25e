/**
 * The window a friction query counts over. Counts are kept per UTC day (a session belongs to the day it
 * started), so a window is a run of whole days: `7d` is the last seven days including today, `24h` the days
 * the last 24 hours touch (today and yesterday), an ISO time the days from that one on. The exact start is
 * kept too, for "first seen inside the window" (status `new`), which is judged to the millisecond.
 */

export const DAY_MS = 24 * 60 * 60_000;
/** Longest window: a year of days keeps a trend and a scan bounded whatever the input. */
export const MAX_WINDOW_DAYS = 366;

export type FrictionWindow = {
  /** Exact start, for status `new`. */
  startMs: number;
  endMs: number;
  /** First and last UTC day counted (days since the epoch), inclusive. */
  fromDay: number;
  toDay: number;
};

export const dayOf = (epochMs: number): number => Math.floor(epochMs / DAY_MS);

function edgeMs(edge: string, now: number): { ms: number; wholeDays?: number } {
  const span = /^(\d+)([hd])$/.exec(edge);
  if (!span) return { ms: Date.parse(edge) };
  const n = Number(span[1]);
  return span[2] === "d" ? { ms: now - n * DAY_MS, wholeDays: n } : { ms: now - n * 3_600_000 };
}

/** Resolves `since` / `until` (ISO, or spans like `7d`, `24h`) against `now`. */
export function resolveWindow(
  input: { since: string; until?: string | undefined },
  now: number,
): FrictionWindow {
  const until = input.until === undefined ? now : Math.min(now, edgeMs(input.until, now).ms);
  const toDay = dayOf(until);
  const since = edgeMs(input.since, now);
  let fromDay = since.wholeDays !== undefined ? dayOf(now) - since.wholeDays + 1 : dayOf(since.ms);
  fromDay = Math.max(Math.min(fromDay, toDay), toDay - MAX_WINDOW_DAYS + 1);
  const startMs = since.wholeDays !== undefined ? fromDay * DAY_MS : Math.max(since.ms, fromDay * DAY_MS);
  return { startMs, endMs: until, fromDay, toDay };
}
