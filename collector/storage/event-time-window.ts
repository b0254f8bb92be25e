/**
 * The window of event times the collector stores and shows: from 0 (the schema's floor) to the server's
 * clock plus {@link MAX_CLOCK_AHEAD_MS}. Ingest refuses a batch with an event outside it
 * (`timestamp_out_of_range`), and readers clamp or leave out what an older collector stored outside it, so no
 * stored value can make a date a reader cannot format (JavaScript dates end at 8.64e15 ms) or put a session
 * dated 2100 at the top of `replays.list`.
 *
 * There is no floor but 0: a past time is a valid date, sorts at the bottom of the list and is removed by
 * retention, which counts on the server's clock. Pure.
 */

/**
 * How far ahead of the server's clock an event may be dated. A day covers a device whose local time was set
 * with the wrong time zone (epoch ms off by up to 14 h); a batch beyond it comes from a broken clock or is
 * forged, and would sit above every real session for as long as it is ahead.
 */
export const MAX_CLOCK_AHEAD_MS = 24 * 60 * 60_000;

/** The latest event time accepted when the server's clock reads `serverNow`. */
export function latestEventTime(serverNow: number): number {
  return serverNow + MAX_CLOCK_AHEAD_MS;
}

/** Whether `timestamp` lies in the window at `serverNow`. */
export function isEventTimeInWindow(timestamp: number, serverNow: number): boolean {
  return Number.isFinite(timestamp) && timestamp >= 0 && timestamp <= latestEventTime(serverNow);
}

/** `ms` moved into the window at `serverNow` (a stored value from before the window existed). */
export function clampEventTime(ms: number, serverNow: number): number {
  if (!Number.isFinite(ms) || ms < 0) return 0;
  return Math.min(ms, latestEventTime(serverNow));
}
