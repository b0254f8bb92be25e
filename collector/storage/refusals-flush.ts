/**
 * Writes the in-memory refusal counts to the `refusals` table every {@link REFUSAL_FLUSH_INTERVAL_MS} and at
 * shutdown: one statement batch per flush whatever the number of refused requests, and no write at all
 * while nothing is refused. A failed write keeps the counts in memory for the next flush.
 */
import type { CollectorDeps } from "../deps.ts";
import { upsertRefusals } from "./refusals.ts";

/** Often enough that a crash loses little; rare enough that a flood costs a handful of writes a minute. */
export const REFUSAL_FLUSH_INTERVAL_MS = 10_000;
/** Rows are kept a week (`admin.refusals` shows 24 h); older ones are pruned by the next flush. */
export const REFUSAL_KEEP_MS = 7 * 24 * 60 * 60_000;

type FlushDeps = Pick<CollectorDeps, "db" | "refusals" | "metrics" | "log" | "now">;

export type RefusalFlush = {
  /** Writes what is pending now (waits for a flush already running first). */
  flush(): Promise<void>;
  /** Stops the timer and writes what is left. */
  stop(): Promise<void>;
};

export function startRefusalFlush(deps: FlushDeps, intervalMs = REFUSAL_FLUSH_INTERVAL_MS): RefusalFlush {
  let running: Promise<void> = Promise.resolve();

  const writePending = async () => {
    const deltas = deps.refusals.takePending();
    if (deltas.length === 0) return;
    try {
      await upsertRefusals(deps.db, deltas, deps.now() - REFUSAL_KEEP_MS);
      deps.refusals.settle(deltas, true);
      deps.metrics.countRefusalFlush(deltas.length);
    } catch (error) {
      deps.refusals.settle(deltas, false);
      deps.log.error("writing refusal counts failed; kept in memory", {
        error: error instanceof Error ? error.name : "unknown",
      });
    }
  };
  const flush = () => (running = running.then(writePending));

  const timer = setInterval(() => void flush(), intervalMs);
  return {
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
