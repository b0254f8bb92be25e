/**
 * What a finding does not carry but its issue key needs: the stack of a `js_error` (for its top frame) and
 * the method, URL and status of a request behind a `network_error` or request `slow_response`. Read from
 * the SDK's own `rerun.error` / `rerun.network` events of the stitched stream, and matched to a finding by
 * its `startMs` the way analysis computes it (event time, or a request's start, minus the session start).
 * One pass over the events, touching only custom events: a few hundred microseconds for a long session.
 */
import { RRWEB_EVENT, SDK_EVENT_TAG } from "../../shared/events.ts";

export type ErrorDetail = { t: number; message: string; stack?: string };
export type RequestDetail = { t: number; method: string; url: string; status: number; durationMs: number };
export type FindingContext = { errors: ErrorDetail[]; requests: RequestDetail[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const num = (
  v: unknown,
  fallback = 0,
): number => (typeof v === "number" && Number.isFinite(v) ? v : fallback);

/** Errors (not the SDK's own) and requests of the session, with times relative to `startEpochMs`. */
export function collectFindingContext(events: readonly unknown[], startEpochMs: number): FindingContext {
  const context: FindingContext = { errors: [], requests: [] };
  for (const ev of events) {
    if (!isObject(ev) || ev.type !== RRWEB_EVENT.Custom || !isObject(ev.data)) continue;
    const payload = ev.data.payload;
    if (!isObject(payload) || typeof ev.timestamp !== "number") continue;
    if (ev.data.tag === SDK_EVENT_TAG.error && payload.sdk !== true) {
      const stack = str(payload.stack);
      context.errors.push({
        t: ev.timestamp - startEpochMs,
        message: str(payload.message) ?? "",
        ...(stack !== undefined ? { stack } : {}),
      });
    } else if (ev.data.tag === SDK_EVENT_TAG.network) {
      const durationMs = Math.max(0, num(payload.durationMs));
      const startEpoch = num(payload.startMs, ev.timestamp - durationMs);
      context.requests.push({
        t: Math.max(0, startEpoch - startEpochMs),
        method: str(payload.method) ?? "GET",
        url: str(payload.url) ?? "",
        status: num(payload.status),
        durationMs,
      });
    }
  }
  return context;
}

/** The item whose `t` is nearest `startMs` (within `toleranceMs`) among those `accept` takes. */
export function nearest<T extends { t: number }>(
  items: readonly T[],
  startMs: number,
  accept: (item: T) => boolean,
  toleranceMs = 5,
): T | undefined {
  let best: T | undefined;
  let bestGap = Infinity;
  for (const item of items) {
    const gap = Math.abs(item.t - startMs);
    if (gap <= toleranceMs && gap < bestGap && accept(item)) {
      best = item;
      bestGap = gap;
    }
  }
  return best;
}
