/**
 * Refused ingest requests of the last 24 h, content-free (SPEC §3 `admin.refusals`): only the reason, the
 * Origin header, a well-formed appId and counts — never a key, a body or a URL path. It answers "why is my
 * site not sending anything?" without anyone reading logs. Held in memory and bounded: past
 * {@link MAX_REFUSAL_ENTRIES} distinct (reason, origin, appId) rows, new rows are counted in one overflow row.
 */
import { isValidId } from "../../shared/ids.ts";

export const REFUSAL_REASONS = [
  "cors_origin",
  "no_key",
  "unknown_key",
  "wrong_key_kind",
  "key_in_query",
  "body_too_large",
  "too_many_events",
  "sequence_over_limit",
  "bad_batch",
  "rate_limited",
  "storage_unavailable",
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export type Refusal = {
  reason: RefusalReason;
  origin: string | null;
  appId: string | null;
  count: number;
  firstAt: string;
  lastAt: string;
};

/** Enough rows for many sites and reasons; small enough that a flood of random origins stays cheap. */
export const MAX_REFUSAL_ENTRIES = 500;
const WINDOW_MS = 24 * 60 * 60_000;
/** Origins are echoed to admins only; cut them so a hostile header cannot bloat the answer. */
const MAX_ORIGIN_CHARS = 200;

export type RefusalLog = {
  record(r: { reason: RefusalReason; origin: string | null; appId: unknown }, at: number): void;
  /** Rows of the last 24 h, most recent first. */
  list(now: number): Refusal[];
};

type Entry = {
  reason: RefusalReason;
  origin: string | null;
  appId: string | null;
  count: number;
  firstAt: number;
  lastAt: number;
};

export function createRefusalLog(): RefusalLog {
  const entries = new Map<string, Entry>();
  const prune = (now: number) => {
    for (const [key, entry] of entries) if (now - entry.lastAt > WINDOW_MS) entries.delete(key);
  };
  return {
    record({ reason, origin, appId }, at) {
      const cleanOrigin = origin === null ? null : origin.slice(0, MAX_ORIGIN_CHARS);
      const cleanAppId = isValidId(appId) ? appId : null;
      let key = JSON.stringify([reason, cleanOrigin, cleanAppId]);
      let entry = entries.get(key);
      if (!entry && entries.size >= MAX_REFUSAL_ENTRIES) {
        prune(at);
        if (entries.size >= MAX_REFUSAL_ENTRIES) {
          key = JSON.stringify([reason, "(other origins)", null]);
          entry = entries.get(key);
        }
      }
      if (entry) {
        entry.count++;
        entry.lastAt = at;
        return;
      }
      const overflow = key.includes("(other origins)");
      entries.set(key, {
        reason,
        origin: overflow ? "(other origins)" : cleanOrigin,
        appId: overflow ? null : cleanAppId,
        count: 1,
        firstAt: at,
        lastAt: at,
      });
    },
    list(now) {
      prune(now);
      return [...entries.values()]
        .sort((a, b) => b.lastAt - a.lastAt)
        .map((e) => ({
          ...e,
          firstAt: new Date(e.firstAt).toISOString(),
          lastAt: new Date(e.lastAt).toISOString(),
        }));
    },
  };
}
