/**
 * Refused ingest requests, counted in memory, content-free (SPEC §3 `admin.refusals`): only the reason, the
 * Origin reduced to scheme://host:port, a well-formed appId and counts — never a key, a body, a session id or
 * a URL path. It answers "why is my site not sending anything?" without anyone reading logs.
 *
 * Counts are kept per (reason, origin, appId, hour) and handed to the database in bounded batches by
 * `storage/refusals-flush.ts` (never one write per request). Memory is bounded: past
 * {@link MAX_REFUSAL_ENTRIES} distinct (reason, origin, appId) rows in one hour, new rows are counted in one
 * overflow row per reason, so a flood of random origins costs neither memory nor table rows.
 */
import { type Refusal, REFUSAL_REASONS, type RefusalReason } from "../../shared/admin.ts";
import { isValidAppId } from "../../shared/ids.ts";

export { REFUSAL_REASONS };
export type { Refusal, RefusalReason };

/** Enough rows for many sites and reasons; small enough that a flood of random origins stays cheap. */
export const MAX_REFUSAL_ENTRIES = 500;
/** `admin.refusals` looks back this far. */
export const REFUSAL_WINDOW_MS = 24 * 60 * 60_000;
/** Counts are bucketed by hour, so a table row never spans more than one. */
export const REFUSAL_BUCKET_MS = 60 * 60_000;
/** Origins are echoed to admins only; cut them so a hostile header cannot bloat the answer. */
const MAX_ORIGIN_CHARS = 200;
export const OVERFLOW_ORIGIN = "(other origins)";

/** Counts not yet in the database, for one (reason, origin, appId, hour). Times are epoch ms. */
export type RefusalDelta = {
  reason: RefusalReason;
  origin: string | null;
  appId: string | null;
  hour: number;
  count: number;
  firstAt: number;
  lastAt: number;
};

export type RefusalLog = {
  record(r: { reason: RefusalReason; origin: string | null; appId: unknown }, at: number): void;
  /** Counts not yet in the database (pending and being written), of the last 24 h, most recent first. */
  list(now: number): Refusal[];
  /** Hands the pending counts to a writer; they stay listed until {@link RefusalLog.settle}. */
  takePending(): RefusalDelta[];
  /** The writer is done with `deltas`: dropped when `written`, counted again as pending when not. */
  settle(deltas: RefusalDelta[], written: boolean): void;
};

/** Only scheme://host:port of an Origin header; `null` stays "null" (sandboxed frames send it). */
export function cleanOrigin(origin: string | null): string | null {
  if (origin === null) return null;
  if (origin === "null") return "null";
  try {
    const url = new URL(origin);
    if (url.protocol === "http:" || url.protocol === "https:") return url.origin.slice(0, MAX_ORIGIN_CHARS);
  } catch {
    // Not a URL: fall through.
  }
  return "(invalid origin)";
}

export function createRefusalLog(): RefusalLog {
  const pending = new Map<string, RefusalDelta>();
  const inFlight = new Set<RefusalDelta[]>();
  /** Distinct (reason, origin, appId) rows of the current hour: the per-hour bound on rows. */
  let seen = new Set<string>();
  let seenHour = -1;

  const add = (delta: RefusalDelta) => {
    const key = JSON.stringify([delta.reason, delta.origin, delta.appId, delta.hour]);
    const entry = pending.get(key);
    if (!entry) {
      pending.set(key, { ...delta });
      return;
    }
    entry.count += delta.count;
    entry.firstAt = Math.min(entry.firstAt, delta.firstAt);
    entry.lastAt = Math.max(entry.lastAt, delta.lastAt);
  };

  return {
    record({ reason, origin, appId }, at) {
      const hour = Math.floor(at / REFUSAL_BUCKET_MS) * REFUSAL_BUCKET_MS;
      if (hour !== seenHour) {
        seen = new Set();
        seenHour = hour;
      }
      let row = { origin: cleanOrigin(origin), appId: isValidAppId(appId) ? appId : null };
      const rowKey = JSON.stringify([reason, row.origin, row.appId]);
      if (!seen.has(rowKey)) {
        if (seen.size >= MAX_REFUSAL_ENTRIES) row = { origin: OVERFLOW_ORIGIN, appId: null };
        else seen.add(rowKey);
      }
      add({ reason, ...row, hour, count: 1, firstAt: at, lastAt: at });
    },
    list(now) {
      const all = [...pending.values(), ...[...inFlight].flat()];
      return mergeRefusals(all, now);
    },
    takePending() {
      const deltas = [...pending.values()];
      pending.clear();
      if (deltas.length > 0) inFlight.add(deltas);
      return deltas;
    },
    settle(deltas, written) {
      inFlight.delete(deltas);
      if (!written) { for (const delta of deltas) add(delta); }
    },
  };
}

/**
 * Sums counts per (reason, origin, appId) over hours and sources (table rows and memory), keeps the last
 * 24 h, most recent first.
 */
export function mergeRefusals(
  rows: Array<Omit<RefusalDelta, "hour"> & { hour?: number }>,
  now: number,
): Refusal[] {
  const merged = new Map<string, Omit<RefusalDelta, "hour">>();
  for (const row of rows) {
    if (now - row.lastAt > REFUSAL_WINDOW_MS) continue;
    const key = JSON.stringify([row.reason, row.origin, row.appId]);
    const entry = merged.get(key);
    if (!entry) {
      merged.set(key, {
        reason: row.reason,
        origin: row.origin,
        appId: row.appId,
        count: row.count,
        firstAt: row.firstAt,
        lastAt: row.lastAt,
      });
      continue;
    }
    entry.count += row.count;
    entry.firstAt = Math.min(entry.firstAt, row.firstAt);
    entry.lastAt = Math.max(entry.lastAt, row.lastAt);
  }
  return [...merged.values()]
    .sort((a, b) => b.lastAt - a.lastAt)
    .map((e) => ({
      ...e,
      firstAt: new Date(e.firstAt).toISOString(),
      lastAt: new Date(e.lastAt).toISOString(),
    }));
}
